//! CSV imports started from the console: the same two passes as `server import` (every row
//! checked, then the valid ones written), run in the background so the page can poll a
//! progress bar, and kept for an hour after they finish so the report can be read again.
//!
//! Jobs live in this process's memory: on several instances the page's polls must reach the
//! instance that took the file (sticky sessions), and a restart forgets a running import's
//! progress (what was written stays written; re-importing stores nothing twice).

use crate::csv_import::{self, ImportError, ImportOptions, Progress, Reject};
use crate::state::AppState;
use app::console::SignedIn;
use app::domain::FieldError;
use app::model::console::{ImportKind, ImportPhase, ImportProgress, ImportReport, ImportRowError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a finished import's report stays readable.
const KEPT_FOR: Duration = Duration::from_secs(3600);

/// The imports this process started, by id.
#[derive(Default)]
pub struct ImportJobs(Mutex<HashMap<String, Arc<Job>>>);

struct Job {
    merchant_id: i64,
    kind: ImportKind,
    file_name: String,
    progress: JobProgress,
    finished: Mutex<Option<(Instant, ImportReport)>>,
}

/// What the two passes report, kept where the page's polls read it.
struct JobProgress {
    phase: Mutex<ImportPhase>,
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress for JobProgress {
    fn start(&self, phase: &'static str, rows: u64) {
        let phase = if phase == "checking" { ImportPhase::Checking } else { ImportPhase::Writing };
        *self.phase.lock().expect("not poisoned") = phase;
        self.done.store(0, Ordering::Relaxed);
        self.total.store(rows, Ordering::Relaxed);
    }

    fn advance(&self, rows: u64) {
        self.done.fetch_add(rows, Ordering::Relaxed);
    }

    fn finish(&self) {}
}

impl ImportJobs {
    /// Starts the import in the background; refused while the merchant has one running.
    pub fn start(
        &self,
        state: &AppState,
        who: &SignedIn,
        kind: ImportKind,
        file_name: String,
        skip_invalid: bool,
        csv: Vec<u8>,
    ) -> Result<String, FieldError> {
        if csv.is_empty() {
            return Err(FieldError::new("file", "the file is empty: choose a CSV file with a header row"));
        }
        let id = crate::ids::new_import_id();
        let job = Arc::new(Job {
            merchant_id: who.merchant_id,
            kind,
            file_name,
            progress: JobProgress {
                phase: Mutex::new(ImportPhase::Checking),
                done: AtomicU64::new(0),
                total: AtomicU64::new(0),
            },
            finished: Mutex::new(None),
        });
        {
            let mut jobs = self.0.lock().expect("not poisoned");
            jobs.retain(|_, job| {
                job.finished.lock().expect("not poisoned").as_ref().is_none_or(|(at, _)| at.elapsed() < KEPT_FOR)
            });
            let running = jobs
                .values()
                .any(|job| job.merchant_id == who.merchant_id && job.finished.lock().expect("not poisoned").is_none());
            if running {
                return Err(FieldError::new(
                    "file",
                    "another import of your shop is still running: wait for it to finish",
                ));
            }
            jobs.insert(id.clone(), job.clone());
        }
        let (state, slug, user) = (state.clone(), who.merchant_slug.clone(), who.user_id);
        tokio::spawn(async move {
            let report = run(&state, &slug, &job, skip_invalid, csv).await;
            tracing::info!(
                user,
                kind = job.kind.code(),
                rows = report.rows,
                imported = report.imported,
                rejected = report.rejected.len(),
                "console import finished"
            );
            *job.finished.lock().expect("not poisoned") = Some((Instant::now(), report));
        });
        Ok(id)
    }

    /// Where the merchant's import `id` stands.
    pub fn progress(&self, who: &SignedIn, id: &str) -> Option<ImportProgress> {
        let job = self.0.lock().expect("not poisoned").get(id).cloned()?;
        if job.merchant_id != who.merchant_id {
            return None;
        }
        let report = job.finished.lock().expect("not poisoned").as_ref().map(|(_, report)| report.clone());
        let phase =
            if report.is_some() { ImportPhase::Done } else { *job.progress.phase.lock().expect("not poisoned") };
        Some(ImportProgress {
            kind: job.kind,
            file_name: job.file_name.clone(),
            phase,
            done: job.progress.done.load(Ordering::Relaxed),
            total: job.progress.total.load(Ordering::Relaxed),
            report,
        })
    }
}

async fn run(state: &AppState, slug: &str, job: &Job, skip_invalid: bool, csv: Vec<u8>) -> ImportReport {
    let options = ImportOptions {
        skip_invalid,
        progress: &job.progress,
        event_window: state.limits.event_window(chrono::Utc::now()),
    };
    let input = std::io::Cursor::new(csv);
    let outcome = match job.kind {
        ImportKind::Shipments => {
            csv_import::import_shipments(state.storage.as_ref(), slug, input, options).await.map(|done| ImportReport {
                rows: done.rows,
                valid: done.valid,
                imported: done.created.len(),
                duplicates: 0,
                rejected: row_errors(done.rejected),
                written: done.written,
                stopped_at: done.stopped.map(|s| s.line),
                failed: None,
            })
        }
        ImportKind::Events | ImportKind::Contacts | ImportKind::Disputes => match job.kind {
            ImportKind::Events => csv_import::import_events(&state.storage, slug, input, options).await,
            kind => {
                let disputes = kind == ImportKind::Disputes;
                csv_import::import_helpdesk(state.storage.as_ref(), slug, disputes, input, options).await
            }
        }
        .map(|done| ImportReport {
            rows: done.rows,
            valid: done.valid,
            imported: done.stored,
            duplicates: done.duplicates,
            rejected: row_errors(done.rejected),
            written: done.written,
            stopped_at: done.stopped.map(|s| s.line),
            failed: None,
        }),
    };
    outcome.unwrap_or_else(|error| {
        if let ImportError::Storage(cause) = &error {
            tracing::error!(error = %cause, "console import failed");
        }
        ImportReport {
            rows: 0,
            valid: 0,
            imported: 0,
            duplicates: 0,
            rejected: Vec::new(),
            written: false,
            stopped_at: None,
            failed: Some(error.to_string()),
        }
    })
}

fn row_errors(rejected: Vec<Reject>) -> Vec<ImportRowError> {
    rejected.into_iter().map(|r| ImportRowError { line: r.line, field: r.field, reason: r.reason }).collect()
}
