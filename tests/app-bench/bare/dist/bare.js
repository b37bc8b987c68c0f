// The bare page's one line of script: marks when its heading has been painted, the way
// Expediente marks its first screen (ui/src/lib/perf.ts), so both start times are read alike.
requestAnimationFrame(() => setTimeout(() => performance.mark('painted'), 0));
