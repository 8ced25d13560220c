//! The page's requests, one per step. Each runs the command of the same name — the same
//! functions the CLI runs, on the dropped files — on a worker thread, keeping what the
//! command says for the page.

use super::session::{Cancel, Role, Status};
use super::{assets, App, Tab};
use crate::console::{self, Stream};
use crate::{CheckArgs, DrawArgs, Failure, InputArgs, PrepareArgs, ReportArgs, VerifyArgs};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use kleroterion::report::{Language, Messages};
use kleroterion::select::Progress;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::convert::Infallible;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;
use tokio_stream::StreamExt;

type Shared = State<Arc<App>>;

/// What a command said, for the page: its lines and, when it failed, its error.
fn said(lines: &[(Stream, String)]) -> Value {
    lines
        .iter()
        .map(|(s, l)| json!({"stream": s, "text": l}))
        .collect()
}

fn failure_json(f: &Failure) -> Value {
    json!({"code": f.code, "message": f.message})
}

fn bad(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": {"code": 2, "message": message.into()}})),
    )
        .into_response()
}

/// Runs a command on a worker thread, keeping what it says.
async fn run<R: Send + 'static>(
    f: impl FnOnce() -> R + Send + 'static,
) -> (R, Vec<(Stream, String)>) {
    tokio::task::spawn_blocking(move || console::kept(f))
        .await
        .expect("the command's thread")
}

pub async fn to_folder(Path(token): Path<String>) -> Redirect {
    Redirect::permanent(&format!("/{token}/"))
}

pub async fn index() -> Html<&'static str> {
    Html(assets::INDEX)
}

pub async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        assets::SCRIPT,
    )
}

pub async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        assets::STYLE,
    )
}

fn lang_of(app: &App, code: Option<&str>) -> Language {
    code.and_then(Language::from_tag).unwrap_or(app.lang)
}

/// The page's sentences in a language: every `app-` message of the catalogue.
pub async fn messages(State(app): Shared, Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    let lang = lang_of(&app, q.get("lang").map(String::as_str));
    let m = Messages::new(lang);
    let texts: serde_json::Map<String, Value> = kleroterion::report::message_ids(lang)
        .into_iter()
        .filter(|id| id.starts_with("app-"))
        .map(|id| {
            let text = m.get(&id);
            (id, Value::String(text))
        })
        .collect();
    Json(json!({"lang": lang.code(), "messages": texts}))
}

/// The event stream: the long step's status as it changes. An open stream is an open page.
pub async fn events(
    State(app): Shared,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let tab = Tab::open(app.clone());
    let stream = tokio_stream::wrappers::WatchStream::new(app.status.subscribe()).map(move |s| {
        let _held = &tab;
        Ok(Event::default().json_data(&s).unwrap_or_default())
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn role_of(name: &str) -> Result<Role, String> {
    Role::from_name(name).ok_or_else(|| words!("app-problem-no-role", role = name))
}

/// The columns of a dropped table and, for a workbook, its sheets.
fn described(path: &std::path::Path, bytes: &[u8]) -> Value {
    let shown = path.display().to_string();
    let sheets = if kleroterion::input::workbook::is_workbook(bytes) {
        kleroterion::input::workbook::sheet_names(bytes)
    } else {
        Vec::new()
    };
    let columns = kleroterion::input::sheet::Sheet::parse(&shown, bytes)
        .map(|s| s.headers)
        .unwrap_or_default();
    json!({"file": shown, "sheets": sheets, "columns": columns})
}

#[derive(Deserialize)]
pub struct Named {
    name: String,
}

pub async fn drop_file(
    State(app): Shared,
    Path((_, role)): Path<(String, String)>,
    Query(q): Query<Named>,
    body: Bytes,
) -> Response {
    let role = match role_of(&role) {
        Ok(r) => r,
        Err(e) => return bad(e),
    };
    let mut session = app.session();
    match session.drop_file(role, &q.name, &body) {
        Ok(d) => Json(described(&d.path(), &body)).into_response(),
        Err(e) => bad(words!("app-problem-not-saved", file = q.name, why = e)),
    }
}

pub async fn forget_file(State(app): Shared, Path((_, role)): Path<(String, String)>) -> Response {
    match role_of(&role) {
        Ok(r) => {
            app.session().forget(r);
            Json(json!({})).into_response()
        }
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
pub struct Sheet {
    sheet: Option<String>,
}

pub async fn choose_sheet(
    State(app): Shared,
    Path((_, role)): Path<(String, String)>,
    Json(q): Json<Sheet>,
) -> Response {
    let role = match role_of(&role) {
        Ok(r) => r,
        Err(e) => return bad(e),
    };
    let mut session = app.session();
    let Some(d) = session.choose_sheet(role, q.sheet.filter(|s| !s.is_empty())) else {
        return bad(words!("app-problem-drop-first"));
    };
    let path = d.path();
    match std::fs::read(&d.file) {
        Ok(bytes) => Json(described(&path, &bytes)).into_response(),
        Err(e) => bad(e.to_string()),
    }
}

/// What the page sends with every step.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Options {
    panel_size: usize,
    lang: Option<String>,
    title: Option<String>,
    algorithm: Option<String>,
    seed_source: Option<String>,
    tickets: Option<u32>,
    seed: Option<String>,
    published: Option<String>,
    internal: bool,
}

impl Options {
    fn report(&self, app: &App) -> ReportArgs {
        ReportArgs {
            lang: Some(lang_of(app, self.lang.as_deref())),
            title: self.title.clone().filter(|t| !t.trim().is_empty()),
            pdf: false,
            compare: Vec::new(),
        }
    }
}

/// The command line's input options for the dropped files.
fn input_args(app: &App, panel_size: usize) -> Result<InputArgs, String> {
    let session = app.session();
    let need = |role: Role, what: &str| {
        session
            .get(role)
            .map(|d| d.path())
            .ok_or_else(|| words!(what))
    };
    Ok(InputArgs {
        people: need(Role::People, "app-problem-drop-people")?,
        features: need(Role::Features, "app-problem-drop-quotas")?,
        settings: session.get(Role::Settings).map(|d| d.path()),
        panel_size,
        already_selected: None,
        leave_out: None,
        replacing: None,
        dropouts: None,
        solver: "pure".into(),
        quiet: true,
    })
}

/// The quota table as the page shows it.
fn quota_rows(lines: &[kleroterion::results::QuotaLine]) -> Value {
    lines
        .iter()
        .map(|l| {
            json!({"feature": l.feature, "value": l.value, "min": l.min, "max": l.max,
                   "pool": l.in_pool, "panel": l.on_panel})
        })
        .collect()
}

pub async fn check(State(app): Shared, Json(o): Json<Options>) -> Response {
    crate::console::speak(lang_of(&app, o.lang.as_deref()));
    if o.panel_size == 0 {
        return bad(words!("app-problem-seats"));
    }
    let input = match input_args(&app, o.panel_size) {
        Ok(i) => i,
        Err(e) => return bad(e),
    };
    let folder = app.session().folder("check");
    let args = CheckArgs {
        input,
        report: Some(folder.join("report.html")),
        text: o.report(&app),
    };
    let (outcome, lines) = run(move || -> Result<Value, Failure> {
        let c = crate::checked(&args, true)?;
        let table = quota_rows(&kleroterion::results::quota_table(&c.inputs.instance, None));
        let mut out = crate::write::Outputs::new(&folder, false, Vec::new());
        let mut relaxed = false;
        if let Err(kleroterion::Error::Infeasible(why)) = &c.result {
            if let Some(file) = kleroterion::workflow::relaxed_quotas(&c.inputs, why) {
                out.add_file(file);
                relaxed = true;
            }
        }
        if let Some(page) = c.page {
            out.add("report.html", page);
        }
        out.commit()?;
        let verdict = match &c.result {
            Ok(r) => json!({"feasible": true, "candidates": r.candidates}),
            Err(e) => json!({"feasible": false, "error": failure_json(&Failure::of(e))}),
        };
        Ok(json!({
            "table": table,
            "verdict": verdict,
            "relaxed": relaxed.then(|| folder.join("features.relaxed.csv")),
            "report": folder.join("report.html"),
        }))
    })
    .await;
    match outcome {
        Ok(mut v) => {
            v["lines"] = said(&lines);
            Json(v).into_response()
        }
        Err(f) => Json(json!({"error": failure_json(&f), "lines": said(&lines)})).into_response(),
    }
}

#[derive(Deserialize)]
pub struct Relaxed {
    file: String,
}

/// Uses the cheapest relaxation as the quota file from now on.
pub async fn accept_relaxation(State(app): Shared, Json(r): Json<Relaxed>) -> Response {
    let Some(path) = within_steps(&r.file) else {
        return bad(words!("app-problem-no-relaxation"));
    };
    match std::fs::read(&path) {
        Ok(bytes) => {
            let mut session = app.session();
            match session.drop_file(Role::Features, "features.relaxed.csv", &bytes) {
                Ok(d) => Json(described(&d.path(), &bytes)).into_response(),
                Err(e) => bad(e.to_string()),
            }
        }
        Err(e) => bad(e.to_string()),
    }
}

/// The solve's progress, told to the page's event stream; the page's Cancel sets `cancel`.
struct Watcher {
    status: tokio::sync::watch::Sender<Status>,
    cancel: Cancel,
    started: std::time::Instant,
}

impl Progress for Watcher {
    fn update(&mut self, stage: usize, fixed: usize, groups: usize, panels: usize) {
        let seconds = self.started.elapsed().as_secs();
        self.status.send_modify(|s| {
            (s.stage, s.fixed, s.groups, s.panels) = (stage, fixed, groups, panels);
            s.phase = "stages";
            s.seconds = seconds;
        });
    }

    fn decomposing(&mut self, stages: usize, panels: usize) {
        let seconds = self.started.elapsed().as_secs();
        self.status.send_modify(|s| {
            (s.stage, s.panels) = (stages, panels);
            s.phase = "panels";
            s.seconds = seconds;
        });
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_set()
    }
}

pub async fn prepare(State(app): Shared, Json(o): Json<Options>) -> Response {
    crate::console::speak(lang_of(&app, o.lang.as_deref()));
    if o.panel_size == 0 {
        return bad(words!("app-problem-seats"));
    }
    let Some(source) = o.seed_source.clone().filter(|s| !s.trim().is_empty()) else {
        return bad(words!("app-problem-seed-source"));
    };
    let input = match input_args(&app, o.panel_size) {
        Ok(i) => i,
        Err(e) => return bad(e),
    };
    let cancel = Cancel::default();
    let folder = {
        let mut session = app.session();
        if session.job.is_some() {
            return (
                StatusCode::CONFLICT,
                Json(json!({"error": {"code": 1, "message": "a step is already running"}})),
            )
                .into_response();
        }
        session.job = Some(cancel.clone());
        session.prepared = None;
        session.drawn = None;
        session.folder("run")
    };
    let args = PrepareArgs {
        input,
        algorithm: o.algorithm.clone().filter(|a| !a.is_empty()),
        tickets: o
            .tickets
            .and_then(NonZeroU32::new)
            .unwrap_or(kleroterion::lottery::DEFAULT_TICKETS),
        seed_source: Some(source),
        seed_procedure: None,
        out: folder.clone(),
        force: false,
        report: o.report(&app),
    };
    app.status.send_replace(Status {
        state: "running",
        step: "prepare",
        phase: "starting",
        ..Default::default()
    });
    let watcher = Watcher {
        status: app.status.clone(),
        cancel: cancel.clone(),
        started: std::time::Instant::now(),
    };
    let app2 = app.clone();
    let lang = lang_of(&app, o.lang.as_deref());
    // The seed's procedure in words, for the announcement.
    let procedure = kleroterion::protocol::seed::SeedSource::parse(
        args.seed_source.as_deref().unwrap_or_default(),
        args.tickets.get(),
    )
    .map(|s| kleroterion::report::seed_source(&Messages::new(lang), &s))
    .unwrap_or_default();
    std::thread::spawn(move || {
        let (result, lines) =
            console::kept(|| crate::progress::watched(Box::new(watcher), || crate::prepare(args)));
        let (state, result) = match result {
            Ok(hash) => {
                app2.session().prepared = Some(folder.clone());
                (
                    "done",
                    json!({"hash": hash, "folder": folder, "lines": said(&lines),
                                "procedure": procedure,
                                "date": kleroterion::report::Date::today().in_words(lang),
                                "report": folder.join(kleroterion::workflow::COMMITMENT_REPORT)}),
                )
            }
            Err(f) => {
                let relaxed = folder.join("features.relaxed.csv");
                let state = if cancel.is_set() {
                    "cancelled"
                } else {
                    "failed"
                };
                (
                    state,
                    json!({"error": failure_json(&f), "lines": said(&lines),
                               "relaxed": relaxed.exists().then_some(relaxed)}),
                )
            }
        };
        app2.session().job = None;
        app2.status.send_modify(|s| {
            s.state = state;
            s.result = Some(result);
        });
    });
    (StatusCode::ACCEPTED, Json(json!({}))).into_response()
}

pub async fn cancel(State(app): Shared) -> Json<Value> {
    if let Some(job) = &app.session().job {
        job.set();
    }
    Json(json!({}))
}

pub async fn draw(State(app): Shared, Json(o): Json<Options>) -> Response {
    crate::console::speak(lang_of(&app, o.lang.as_deref()));
    let Some(folder) = app.session().prepared.clone() else {
        return bad(words!("app-problem-prepare-first"));
    };
    let Some(seed) = o.seed.clone().filter(|s| !s.trim().is_empty()) else {
        return bad(words!("app-problem-seed"));
    };
    let args = DrawArgs {
        commitment: Some(folder.join(kleroterion::workflow::COMMITMENT_FILE)),
        people: None,
        features: None,
        settings: None,
        panel_size: None,
        already_selected: None,
        leave_out: None,
        replacing: None,
        dropouts: None,
        algorithm: None,
        tickets: None,
        seed: Some(seed),
        out: folder.clone(),
        force: false,
        solver: "pure".into(),
        quiet: true,
        report: o.report(&app),
        internal: o.internal,
    };
    let (result, lines) = run(move || crate::draw(args)).await;
    match result {
        Ok((ticket, tickets)) => {
            app.session().drawn = Some(folder.clone());
            let panel = std::fs::read(folder.join("selected.csv"))
                .ok()
                .map(|b| table_of(&b))
                .unwrap_or(Value::Null);
            Json(json!({"ticket": ticket, "tickets": tickets, "panel": panel,
                        "lines": said(&lines), "folder": folder,
                        "report": folder.join(kleroterion::workflow::REPORT_FILE)}))
            .into_response()
        }
        Err(f) => Json(json!({"error": failure_json(&f), "lines": said(&lines)})).into_response(),
    }
}

/// A CSV file's rows as the page shows them.
fn table_of(bytes: &[u8]) -> Value {
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    json!(rows)
}

/// The files of the last run, with whether each must stay private.
pub async fn files(State(app): Shared) -> Json<Value> {
    let folder = {
        let s = app.session();
        s.drawn.clone().or(s.prepared.clone())
    };
    let mut list = Vec::new();
    if let Some(folder) = folder {
        let mut stack = vec![folder.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(rel) = path.strip_prefix(&folder) {
                    let rel = rel.display().to_string();
                    if rel.starts_with('.') {
                        continue;
                    }
                    let public = rel.starts_with(kleroterion::workflow::PUBLISH_DIR);
                    let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                    list.push(json!({"name": rel, "path": path, "private": !public, "size": size}));
                }
            }
        }
    }
    Json(json!({"files": list}))
}

/// `path` if it is a file in one of the steps' folders (nothing else may be read).
fn within_steps(path: &str) -> Option<PathBuf> {
    let p = PathBuf::from(path);
    let mut parts = p.components();
    let first = parts.next()?.as_os_str().to_str()?;
    let plain = p
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    (first.starts_with("step-") && plain && p.is_file()).then_some(p)
}

pub async fn download(Path((_, path)): Path<(String, String)>) -> Response {
    let Some(p) = within_steps(&path) else {
        return (StatusCode::NOT_FOUND, words!("app-problem-no-file")).into_response();
    };
    let name = super::session::safe_name(
        &p.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
    );
    match std::fs::read(&p) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", name.replace('"', "_")),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, words!("app-problem-no-file")).into_response(),
    }
}

/// A report page's own policy: its inline style and charts, nothing else.
const REPORT_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/// A report page, shown in the app's frame.
pub async fn view(Path((_, path)): Path<(String, String)>) -> Response {
    match within_steps(&path).filter(|p| p.extension().is_some_and(|e| e == "html")) {
        Some(p) => match std::fs::read_to_string(&p) {
            Ok(page) => (
                [(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(REPORT_POLICY),
                )],
                Html(page),
            )
                .into_response(),
            Err(_) => (StatusCode::NOT_FOUND, words!("app-problem-no-page")).into_response(),
        },
        None => (StatusCode::NOT_FOUND, words!("app-problem-no-page")).into_response(),
    }
}

pub async fn verify(State(app): Shared, Json(o): Json<Options>) -> Response {
    crate::console::speak(lang_of(&app, o.lang.as_deref()));
    let (audit, people, features, settings, observer, receipt, folder) = {
        let mut s = app.session();
        let path = |r: Role| s.get(r).map(|d| d.path());
        let found = (
            path(Role::Audit),
            path(Role::People),
            path(Role::Features),
            path(Role::Settings),
            path(Role::Observer),
            path(Role::Receipt),
        );
        (
            found.0,
            found.1,
            found.2,
            found.3,
            found.4,
            found.5,
            s.folder("verify"),
        )
    };
    let Some(audit) = audit else {
        return bad(words!("app-problem-drop-audit"));
    };
    // The record alone in a folder of its own: no other file is taken for the draw's outputs.
    if let Err(e) = std::fs::create_dir_all(&folder)
        .and_then(|()| std::fs::copy(&audit, folder.join("audit.json")).map(drop))
    {
        return bad(e.to_string());
    }
    let (people, features) = match (people, features) {
        (Some(p), Some(f)) => (Some(p), Some(f)),
        _ => (None, None),
    };
    let args = VerifyArgs {
        audit: folder.join("audit.json"),
        published: o
            .published
            .clone()
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.trim().to_string()),
        outputs: Some(folder.clone()),
        observer,
        receipt,
        earlier: None,
        settings: people.as_ref().and(settings),
        people,
        features,
        already_selected: None,
        leave_out: None,
        salt: None,
        resolve: false,
        solver: "pure".into(),
        report: Some(folder.join("verification.html")),
        text: o.report(&app),
    };
    let lang = lang_of(&app, o.lang.as_deref());
    let (result, lines) = run(move || {
        let mut checks = Vec::new();
        let result = crate::verify(args, &mut |c| {
            let outcome = match &c.outcome {
                kleroterion::Outcome::Passed(_) => "passed",
                kleroterion::Outcome::Failed(_) => "failed",
                kleroterion::Outcome::Skipped(_) => "skipped",
            };
            checks.push(json!({
                "name": c.title(lang),
                "outcome": outcome,
                "text": c.outcome.text().sentence(lang),
            }));
        });
        (checks, result)
    })
    .await;
    let (checks, result) = result;
    let report = folder.join("verification.html");
    Json(json!({
        "checks": checks,
        "error": result.err().map(|f| failure_json(&f)),
        "lines": said(&lines),
        "report": report.exists().then_some(report),
    }))
    .into_response()
}
