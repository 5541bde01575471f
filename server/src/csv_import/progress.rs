//! Progress of the two passes: a bar on a terminal, or [`Quiet`] for none.

/// Progress of the two passes, for a progress bar; [`Quiet`] for none.
pub trait Progress: Send + Sync {
    fn start(&self, phase: &'static str, rows: u64);
    fn advance(&self, rows: u64);
    fn finish(&self);
}

pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: &'static str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// A progress bar on stderr (drawn only when stderr is a terminal).
pub(super) struct Bar(std::sync::Mutex<Option<indicatif::ProgressBar>>);

impl Progress for Bar {
    fn start(&self, phase: &'static str, rows: u64) {
        let bar = indicatif::ProgressBar::with_draw_target(Some(rows), indicatif::ProgressDrawTarget::stderr());
        let style =
            indicatif::ProgressStyle::with_template("{msg:>9} [{bar:40}] {human_pos}/{human_len} rows ({eta} left)")
                .expect("a valid template")
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(phase);
        *self.0.lock().expect("not poisoned") = Some(bar);
    }

    fn advance(&self, rows: u64) {
        if let Some(bar) = &*self.0.lock().expect("not poisoned") {
            bar.inc(rows);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.0.lock().expect("not poisoned").take() {
            bar.finish_and_clear();
        }
    }
}

impl Bar {
    pub(super) fn new() -> Self {
        Self(std::sync::Mutex::new(None))
    }
}
