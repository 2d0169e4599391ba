//! Stage timings for profiling: how long each stage took and the peak memory so far, printed
//! when `BLUEPRINT_TIMINGS` is set; never part of the output. A leaf module, so any stage can
//! time itself without importing from the layers above it.

/// Prints how long a stage took when `BLUEPRINT_TIMINGS` is set (for profiling; never in output).
pub fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let value = f();
    if std::env::var_os("BLUEPRINT_TIMINGS").is_some() {
        // Peak memory so far, where the system says (Linux); for finding the stage that grows it.
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .map(|l| l[name.len()..].trim().to_string())
        };
        let peak = match (field("VmHWM:"), field("VmRSS:")) {
            (Some(peak), Some(now)) => format!("  (peak {peak}, now {now})"),
            _ => String::new(),
        };
        sayln!(
            "timing: {stage:<8} {:>8.1} ms{peak}",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    value
}
