//! What the benchmarks read about this process and this machine.

/// Peak resident set size of this process in MiB (`VmHWM`), if the platform reports it.
pub fn peak_rss_mib() -> Option<f64> {
    read_kib("/proc/self/status", "VmHWM:").map(|kib| kib as f64 / 1024.0)
}

/// Memory the kernel reports as available for new allocations, in MiB.
pub fn available_memory_mib() -> Option<f64> {
    read_kib("/proc/meminfo", "MemAvailable:").map(|kib| kib as f64 / 1024.0)
}

fn read_kib(path: &str, key: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

/// Sets the worker's thread count (`None`: rayon's default, one per core) and returns it.
pub fn configure_threads(threads: Option<usize>) -> Result<usize, crate::Failure> {
    #[cfg(feature = "parallel")]
    {
        if let Some(n) = threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build_global()
                .map_err(|e| crate::Failure::Usage(format!("cannot set {n} threads: {e}")))?;
        }
        Ok(rayon::current_num_threads())
    }
    #[cfg(not(feature = "parallel"))]
    {
        let _ = threads;
        Ok(1)
    }
}

/// The median of some timings in milliseconds.
pub fn median_ms(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    match samples.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => samples[n / 2],
        n => (samples[n / 2 - 1] + samples[n / 2]) / 2.0,
    }
}
