//! `/console/import`: shipments or events from a CSV file, as `server import` takes them. The
//! file is uploaded (multipart), the server checks every row and then writes the valid ones in
//! the background, and the page polls a progress bar until the report comes: what was
//! imported, and each refused row with its line, column and reason.

use crate::i18n::console::{console_text, ConsoleText as C};
use crate::i18n::template::fill;
use crate::i18n::{use_locale, Locale, Text};
use crate::model::console::{ImportColumn, ImportForm, ImportKind, ImportPhase, ImportProgress, ImportReport};
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// What uploading a file came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ImportStart {
    /// Running: poll [`poll_import`] with this id.
    Started { id: String },
    /// Not started: the form field to blame, and why.
    Refused { field: String, reason: String },
}

#[server(prefix = "/console/api", endpoint = "imports/form")]
pub async fn read_import_form() -> Result<ImportForm, ServerFnError> {
    let (console, _) = super::desk()?;
    Ok(console.import_form())
}

/// Takes the form's `kind`, `skip_invalid` and `file` and starts the import.
#[server(prefix = "/console/api", endpoint = "imports", input = MultipartFormData)]
pub async fn start_import(data: MultipartData) -> Result<ImportStart, ServerFnError> {
    let (console, who) = super::desk()?;
    let max_bytes = console.import_form().max_bytes;
    let refused = |field: &str, reason: String| Ok(ImportStart::Refused { field: field.to_owned(), reason });
    let unreadable = |error: String| ServerFnError::new(format!("the form could not be read: {error}"));
    let mut form = data.into_inner().ok_or_else(|| unreadable("not multipart".into()))?;
    let (mut kind, mut skip_invalid, mut file) = (None, false, None);
    while let Some(mut field) = form.next_field().await.map_err(|e| unreadable(e.to_string()))? {
        match field.name() {
            Some("kind") => kind = ImportKind::parse(field.text().await.unwrap_or_default().trim()),
            Some("skip_invalid") => skip_invalid = true,
            Some("file") => {
                let name: String = field.file_name().unwrap_or("import.csv").chars().take(200).collect();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| unreadable(e.to_string()))? {
                    if bytes.len() + chunk.len() > max_bytes {
                        return refused("file", format!("larger than {max_bytes} bytes: split it into smaller files"));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let Some(kind) = kind else { return refused("kind", "choose shipments or events".into()) };
    let Some((name, bytes)) = file else { return refused("file", "choose a CSV file".into()) };
    match console.start_import(&who, kind, name, skip_invalid, bytes).await.map_err(super::failed)? {
        Ok(id) => Ok(ImportStart::Started { id }),
        Err(error) => refused(&error.field, error.reason),
    }
}

#[server(prefix = "/console/api", endpoint = "imports/progress")]
pub async fn poll_import(id: String) -> Result<ImportProgress, ServerFnError> {
    let (console, who) = super::desk()?;
    console
        .import_progress(&who, &id)
        .await
        .map_err(super::failed)?
        .ok_or_else(|| super::not_found("import with this id"))
}

/// What the page shows of the current upload (only the browser moves it on).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, PartialEq)]
enum Upload {
    Idle,
    Sending,
    Refused { field: String, reason: String },
    Running(ImportProgress),
    Failed,
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let form = Resource::new(|| (), |_| read_import_form());
    view! {
        <Title text=text(C::NavImport)/>
        <section class="console-page import">
            <h1>{text(C::NavImport)}</h1>
            <p class="tagline">{text(C::ImportIntro)}</p>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match form.await {
                        Ok(form) => view! { <ImportFileForm form/> }.into_any(),
                        Err(_) => view! { <crate::errors::ServerError/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ImportFileForm(form: ImportForm) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let upload = RwSignal::new(Upload::Idle);
    let busy = move || {
        matches!(upload.get(), Upload::Sending)
            || matches!(upload.get(), Upload::Running(ref p) if p.phase != ImportPhase::Done)
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        browser::send(&ev, upload);
    };
    let size = format!("{} MB", form.max_bytes / 1_000_000);
    view! {
        <form class="console-form import-form" method="post" enctype="multipart/form-data" on:submit=on_submit data-testid="import-form">
            <fieldset>
                <legend>{text(C::ImportKindLabel)}</legend>
                {ImportKind::ALL.into_iter().map(|kind| {
                    let id = format!("import-kind-{}", kind.code());
                    view! {
                        <label for=id.clone() class="choice">
                            <input type="radio" id=id.clone() name="kind" value=kind.code() checked=kind == ImportKind::Shipments/>
                            {text(kind_label(kind))}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label for="import-file">{text(C::ImportFileLabel)}</label>
            <input type="file" id="import-file" name="file" accept=".csv,text/csv" required aria-describedby="import-file-hint"/>
            <p class="hint" id="import-file-hint">{fill(text(C::ImportFileHint), &[("size", &size)])}</p>
            <label for="import-skip" class="choice">
                <input type="checkbox" id="import-skip" name="skip_invalid" value="true"/>
                {text(C::ImportSkipInvalid)}
            </label>
            <button type="submit" disabled=busy data-testid="import-start">{text(C::ImportStart)}</button>
        </form>
        {move || match upload.get() {
            Upload::Idle => ().into_any(),
            Upload::Sending => view! { <p class="loading" role="status">{crate::i18n::text(locale, Text::Loading)}</p> }.into_any(),
            Upload::Refused { field, reason } => view! {
                <p class="console-message error" role="alert" data-testid="import-refused"><strong>{field}</strong>": "{reason}</p>
            }.into_any(),
            Upload::Failed => view! { <p class="console-message error" role="alert">{text(C::ActionFailed)}</p> }.into_any(),
            Upload::Running(progress) => view! { <Progress progress/> }.into_any(),
        }}
        <details class="import-columns">
            <summary>{text(C::ImportColumns)}</summary>
            {form.columns.into_iter().map(|(kind, columns)| view! { <Columns kind columns/> }).collect_view()}
        </details>
    }
}

fn kind_label(kind: ImportKind) -> C {
    match kind {
        ImportKind::Shipments => C::ImportShipments,
        ImportKind::Events => C::ImportEvents,
        ImportKind::Contacts => C::ImportContacts,
        ImportKind::Disputes => C::ImportDisputes,
    }
}

#[component]
fn Columns(kind: ImportKind, columns: Vec<ImportColumn>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    view! {
        <h2>{text(kind_label(kind))}</h2>
        <ul class="column-list">
            {columns.into_iter().map(|c| view! {
                <li><code>{c.name}</code>{c.required.then(|| view! { " (" {text(C::ImportRequired)} ")" })}</li>
            }).collect_view()}
        </ul>
    }
}

fn phase_label(phase: ImportPhase) -> C {
    match phase {
        ImportPhase::Checking => C::ImportChecking,
        ImportPhase::Writing => C::ImportWriting,
        ImportPhase::Done => C::ImportDone,
    }
}

#[component]
fn Progress(progress: ImportProgress) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let phase = match progress.phase {
        ImportPhase::Checking => "checking",
        ImportPhase::Writing => "writing",
        ImportPhase::Done => "done",
    };
    // A finished import fills the bar, whatever its last phase counted.
    let (done, total) = match progress.phase {
        ImportPhase::Done => (1, 1),
        _ => (progress.done.min(progress.total), progress.total.max(1)),
    };
    let words = fill(
        text(C::ImportProgressText),
        &[
            ("phase", text(phase_label(progress.phase))),
            ("done", &progress.done.to_string()),
            ("total", &progress.total.to_string()),
        ],
    );
    let label = format!("{} · {}", progress.file_name, text(phase_label(progress.phase)));
    view! {
        <div class="import-progress" data-testid="import-progress" data-phase=phase>
            <label for="import-bar">{label}</label>
            <progress id="import-bar" max=total value=done aria-valuetext=words.clone()></progress>
            <p class="event-meta" aria-live="polite">{words}</p>
        </div>
        {progress.report.map(|report| view! { <Report kind=progress.kind report locale/> })}
    }
}

#[component]
fn Report(kind: ImportKind, report: ImportReport, locale: Locale) -> impl IntoView {
    let text = move |key| console_text(locale, key);
    if let Some(reason) = report.failed {
        return view! {
            <p class="console-message error" role="alert" data-testid="import-report">{text(C::ImportFailed)}" "{reason}</p>
        }
        .into_any();
    }
    let counts = [
        ("rows", report.rows.to_string()),
        ("imported", report.imported.to_string()),
        ("duplicates", report.duplicates.to_string()),
        ("rejected", report.rejected.len().to_string()),
    ];
    let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let summary = match kind {
        ImportKind::Shipments => fill(text(C::ImportSummaryShipments), &counts),
        ImportKind::Events => fill(text(C::ImportSummaryEvents), &counts),
        ImportKind::Contacts | ImportKind::Disputes => fill(text(C::ImportSummaryHelpdesk), &counts),
    };
    let nothing_written = !report.written && !report.rejected.is_empty();
    let clean = report.rejected.is_empty() && report.stopped_at.is_none();
    let rejected = report.rejected.len();
    view! {
        <div class="import-report" data-testid="import-report" data-imported=report.imported data-rejected=rejected>
            <p class=if clean { "console-message done" } else { "console-message error" } role="status">{summary}</p>
            {nothing_written.then(|| view! { <p class="console-message error">{text(C::ImportNothingWritten)}</p> })}
            {report.stopped_at.map(|line| view! {
                <p class="console-message error">{fill(text(C::ImportStopped), &[("line", &line.to_string())])}</p>
            })}
            {(!report.rejected.is_empty()).then(|| view! {
                <div class="table-scroll">
                    <table class="console-table import-errors" data-testid="import-errors">
                        <caption>{text(C::ImportRowErrors)}</caption>
                        <thead><tr>
                            <th scope="col">{text(C::ImportLine)}</th>
                            <th scope="col">{text(C::ImportColumn)}</th>
                            <th scope="col">{text(C::ImportReason)}</th>
                        </tr></thead>
                        <tbody>
                            {report.rejected.into_iter().map(|row| view! {
                                <tr data-line=row.line>
                                    <td>{row.line}</td>
                                    <td><code>{row.field}</code></td>
                                    <td>{row.reason}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </div>
    }
    .into_any()
}

/// The upload and the polls, in the browser.
#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use gloo_timers::future::TimeoutFuture;
    use wasm_bindgen::JsCast;

    /// Between polls: twice a second keeps the bar moving within the client's request budget.
    const POLL_MS: u32 = 500;

    pub fn send(ev: &leptos::ev::SubmitEvent, upload: RwSignal<Upload>) {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
        upload.set(Upload::Sending);
        leptos::task::spawn_local(async move {
            let id = match start_import(data.into()).await {
                Ok(ImportStart::Started { id }) => id,
                Ok(ImportStart::Refused { field, reason }) => return upload.set(Upload::Refused { field, reason }),
                Err(_) => return upload.set(Upload::Failed),
            };
            loop {
                match poll_import(id.clone()).await {
                    Ok(progress) => {
                        let done = progress.phase == ImportPhase::Done;
                        upload.set(Upload::Running(progress));
                        if done {
                            return;
                        }
                    }
                    Err(_) => return upload.set(Upload::Failed),
                }
                TimeoutFuture::new(POLL_MS).await;
            }
        });
    }
}
