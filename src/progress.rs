//! A progress line on stderr for long runs: rows read, rows per second, the
//! input being read. Only on a terminal, never with `--no-progress` or `-q`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::lang::{tr, trf, Lang};

pub struct Progress {
    bar: Option<ProgressBar>,
    done_before: u64,
    current_input: usize,
    last_in_input: u64,
}

impl Progress {
    /// A progress line when `wanted` and stderr is a terminal; else nothing.
    pub fn new(wanted: bool, lang: Lang) -> Progress {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            // indicatif's own `{human_pos}` and `{per_sec}` are English
            // (`303,927.6947/s`): the counts are formatted here instead, whole
            // rows with the separator of the chosen language.
            let template = tr!(lang,
                nl: "{spinner} {msg}: {rows} rijen ({rate}, {elapsed})",
                fr: "{spinner} {msg}: {rows} lignes ({rate}, {elapsed})",
                en: "{spinner} {msg}: {rows} rows ({rate}, {elapsed})",
            );
            let style = ProgressStyle::with_template(template)
                .map(|style| {
                    style
                        .with_key("rows", move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = w.write_str(&lang.grouped(state.pos()));
                        })
                        .with_key("rate", move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = w.write_str(&rows_per_second(state.per_sec(), lang));
                        })
                })
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

/// The reading speed as whole rows per second (`303.928 rijen/s`): a
/// fraction of a row says nothing to a clerk watching a run.
pub(crate) fn rows_per_second(per_sec: f64, lang: Lang) -> String {
    // NaN and infinity (the first tick) show as 0; a negative rate cannot occur.
    let whole = if per_sec.is_finite() && per_sec > 0.0 {
        per_sec.round().min(u64::MAX as f64) as u64
    } else {
        0
    };
    let n = lang.grouped(whole);
    trf!(lang, nl: "{n} rijen/s", fr: "{n} lignes/s", en: "{n} rows/s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_use_the_separator_of_the_language() {
        assert_eq!(Lang::Nl.grouped(0), "0");
        assert_eq!(Lang::Nl.grouped(999), "999");
        assert_eq!(Lang::Nl.grouped(1_000), "1.000");
        assert_eq!(Lang::Nl.grouped(303_927), "303.927");
        assert_eq!(Lang::En.grouped(1_234_567), "1,234,567");
        assert_eq!(Lang::En.grouped(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(Lang::Fr.grouped(999), "999");
        assert_eq!(Lang::Fr.grouped(303_927), "303\u{202f}927");
        assert_eq!(Lang::Fr.grouped(1_234_567), "1\u{202f}234\u{202f}567");
    }

    #[test]
    fn the_rate_is_whole_rows_per_second() {
        assert_eq!(rows_per_second(303_927.694_7, Lang::Nl), "303.928 rijen/s");
        assert_eq!(rows_per_second(303_927.694_7, Lang::En), "303,928 rows/s");
        assert_eq!(rows_per_second(0.4, Lang::En), "0 rows/s");
        assert_eq!(rows_per_second(f64::NAN, Lang::Nl), "0 rijen/s");
        assert_eq!(rows_per_second(f64::INFINITY, Lang::Nl), "0 rijen/s");
        assert_eq!(rows_per_second(303_927.694_7, Lang::Fr), "303\u{202f}928 lignes/s");
    }
}
