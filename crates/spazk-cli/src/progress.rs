//! Progress of the long steps: an indicatif bar with a spinner on a terminal, plain `[k/n]` lines
//! on stderr otherwise (logs, pipes, tests).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A fixed number of named steps.
pub struct Steps {
    bar: Option<ProgressBar>,
    total: u64,
    done: u64,
}

impl Steps {
    /// `total` steps to come.
    pub fn new(total: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg} {elapsed_precise}")
                    .expect("a valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(80));
            bar
        });
        Self {
            bar,
            total,
            done: 0,
        }
    }

    /// Starts the next step.
    pub fn step(&mut self, message: &str) {
        self.done += 1;
        match &self.bar {
            Some(bar) => {
                bar.set_position(self.done);
                bar.set_message(message.to_string());
            }
            None => eprintln!("[{}/{}] {message}", self.done, self.total),
        }
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
