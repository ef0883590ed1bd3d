//! Log output for the analyst: German level names, no timestamps or module paths, to stderr.

use std::fmt;

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

struct Deutsch;

impl<S, N> FormatEvent<S, N> for Deutsch
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut w: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let stufe = match *event.metadata().level() {
            Level::ERROR => "Fehler",
            Level::WARN => "Warnung",
            Level::INFO => "Info",
            Level::DEBUG => "Detail",
            Level::TRACE => "Ablauf",
        };
        write!(w, "{stufe}: ")?;
        ctx.field_format().format_fields(w.by_ref(), event)?;
        writeln!(w)
    }
}

/// Installs the logger: warnings only with `--quiet`, progress by default, details with `-v`.
pub fn einrichten(ausfuehrlich: u8, still: bool) {
    let stufe = match (still, ausfuehrlich) {
        (true, _) => Level::WARN,
        (false, 0) => Level::INFO,
        (false, 1) => Level::DEBUG,
        _ => Level::TRACE,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(stufe)
        .with_writer(std::io::stderr)
        .event_format(Deutsch)
        .try_init();
}
