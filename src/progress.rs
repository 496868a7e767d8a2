//! A progress line on stderr for long runs: rows read, rows per second, the
//! input being read. Only on a terminal, never with `--no-progress` or `-q`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
    done_before: u64,
    current_input: usize,
    last_in_input: u64,
}

impl Progress {
    /// A progress line when `wanted` and stderr is a terminal; else nothing.
    pub fn new(wanted: bool) -> Progress {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} {msg}: {human_pos} rows ({per_sec}, {elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            done_before: 0,
            current_input: 0,
            last_in_input: 0,
        }
    }

    /// `rows` rows of input `input` (named `name`) have been read.
    pub fn read(&mut self, input: usize, name: &str, rows: usize) {
        let Some(bar) = &self.bar else { return };
        if input != self.current_input {
            self.done_before += self.last_in_input;
            self.current_input = input;
        }
        self.last_in_input = rows as u64;
        bar.set_message(name.to_string());
        bar.set_position(self.done_before + self.last_in_input);
    }

    pub fn phase(&self, message: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message.to_string());
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
