//! How WebKitGTK draws the window on Linux. With a GPU it composites with OpenGL, as it
//! always does. With none (no DRM render node: virtual machines, remote desktops, CI), that
//! OpenGL is Mesa's llvmpipe on the CPU, which keeps about 90 MB more of tiles and layers for
//! a big case than plain software painting of the same pixels, so the app asks for the latter.

use std::path::Path;

/// WebKitGTK's own switch; a value the user set is always left as it is.
const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Call first thing in `main`, before any thread starts (it sets an environment variable
/// that WebKit and its web process read).
pub fn choose() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(DISABLE_COMPOSITING).is_none() && !has_render_node(Path::new("/dev/dri")) {
        std::env::set_var(DISABLE_COMPOSITING, "1");
    }
}

/// Whether `dri` (normally `/dev/dri`) holds a GPU render node (`renderD128`, …).
pub fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_means_a_gpu_and_its_absence_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            !has_render_node(&dir.path().join("missing")),
            "no /dev/dri at all"
        );
        assert!(!has_render_node(dir.path()), "an empty /dev/dri");
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(
            !has_render_node(dir.path()),
            "a display card without a render node"
        );
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dir.path()));
    }
}
