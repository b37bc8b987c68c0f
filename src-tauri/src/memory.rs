//! How the process's C allocator (glibc malloc, shared by GTK, WebKit's UI side and our Rust
//! code) keeps memory. A desktop app stays open for hours between a few large reads (a case
//! with thousands of attempts), so freed memory should go back to the system, not stay
//! reserved per thread.

/// Call first thing in `main`, before any thread starts.
///
/// - One shared arena instead of one per thread: the async command threads would each keep
///   the peak of the reads they served (several MB each, measured on a 10,000-attempt case).
/// - A fixed mmap threshold: large buffers (a big case's rows, a long JSON reply) are mapped
///   on their own and unmapped when freed. glibc otherwise raises the threshold after the
///   first large free, and later large buffers stay in the heap once released.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes glibc's allocator settings; called before other threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
