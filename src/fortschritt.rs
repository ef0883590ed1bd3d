//! Progress and stage timings for long runs.
//!
//! A region's notes take seconds to scan; the analyst sees a progress bar on stderr while
//! they are read (only on a terminal, never with `--quiet`, never in logs or pipes). The
//! stage timings go to the log (`-v`) and to `laufzeiten.json` beside the run record — kept
//! out of `protokoll.json` so that the record stays byte-for-byte reproducible.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

/// The progress bar of a run (hidden when not wanted).
pub struct Fortschritt {
    balken: ProgressBar,
}

impl Fortschritt {
    /// A bar on stderr if `sichtbar` and stderr is a terminal; otherwise a no-op.
    pub fn neu(sichtbar: bool) -> Fortschritt {
        let ziel = if sichtbar && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Fortschritt {
            balken: ProgressBar::with_draw_target(Some(0), ziel),
        }
    }

    /// A bar that never draws (tests, library use).
    pub fn aus() -> Fortschritt {
        Fortschritt::neu(false)
    }

    /// Starts the notes stage: `bytes` is the total size of all extracts to read.
    pub fn vermerke_beginnen(&self, bytes: u64) {
        self.balken.set_length(bytes);
        self.balken.set_position(0);
        if let Ok(stil) = ProgressStyle::with_template(
            "Vermerke lesen {bar:40} {binary_bytes}/{binary_total_bytes} (noch {eta})",
        ) {
            self.balken.set_style(stil);
        }
    }

    /// `bytes` more have been read.
    pub fn voran(&self, bytes: u64) {
        self.balken.inc(bytes);
    }

    /// Removes the bar.
    pub fn ende(&self) {
        self.balken.finish_and_clear();
    }
}

/// Wall time per stage of a run, in seconds.
#[derive(Debug, Serialize)]
pub struct Laufzeiten {
    /// Stage name and seconds, in order.
    pub schritte: Vec<(String, f64)>,
    /// Whole run, seconds.
    pub gesamt: f64,
    /// Peak resident memory of this process so far, MB (Linux `VmHWM`; absent elsewhere):
    /// what the benchmark and the bounded-memory test read.
    pub spitzenspeicher_mb: Option<u64>,
    #[serde(skip)]
    start: Instant,
    #[serde(skip)]
    letzte: Instant,
}

impl Laufzeiten {
    /// Starts the clock.
    pub fn starten() -> Laufzeiten {
        let jetzt = Instant::now();
        Laufzeiten {
            schritte: Vec::new(),
            gesamt: 0.0,
            spitzenspeicher_mb: None,
            start: jetzt,
            letzte: jetzt,
        }
    }

    /// Ends the stage `name` now.
    pub fn schritt(&mut self, name: &str) {
        let jetzt = Instant::now();
        let s = (jetzt - self.letzte).as_secs_f64();
        tracing::debug!("Schritt „{name}“: {:.3} s", s);
        self.schritte.push((name.to_string(), s));
        self.letzte = jetzt;
        self.gesamt = (jetzt - self.start).as_secs_f64();
    }

    /// `laufzeiten.json`, with the peak memory up to now.
    pub fn json(&mut self) -> Vec<u8> {
        self.spitzenspeicher_mb = spitzenspeicher_mb();
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

/// Peak resident memory of this process in MB, from `/proc/self/status` (per address space:
/// unlike `getrusage` of a parent, it never includes the memory of the process that started
/// this one).
fn spitzenspeicher_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let zeile = status.lines().find(|z| z.starts_with("VmHWM:"))?;
    let kb: u64 = zeile
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024)
}
