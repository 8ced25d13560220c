//! `kleroterion app`: the whole workflow in a page of the organiser's own browser, served by
//! this binary on 127.0.0.1 only. Every step runs the same code as the command of the same
//! name (the page is another way of typing the command); nothing is uploaded anywhere, and
//! the files live in a temporary folder removed when the app ends — when the last tab is
//! closed or on Ctrl-C.

mod assets;
mod guard;
mod session;
mod steps;

use crate::{usage, Failure};
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;
use kleroterion::report::Language;
use session::{Session, Status};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// `kleroterion app`'s options.
#[derive(clap::Args)]
pub struct AppArgs {
    /// The port to listen on, on 127.0.0.1 (default: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Print the address without opening a browser.
    #[arg(long)]
    no_open: bool,
    /// The page's language at start: en, fr or es (default: the system's, else English).
    #[arg(long, value_name = "LANG", value_parser = crate::language_code)]
    lang: Option<Language>,
}

/// How long the app waits, once its last page is closed, for a page to come back (a reload,
/// or a link followed) before it ends.
const LAST_TAB_GRACE: Duration = Duration::from_secs(5);

/// The largest file a page may drop (a pool of a million rows fits).
const LARGEST_FILE: usize = 256 * 1024 * 1024;

/// The app's state: the run, what the page follows of a long step, the open pages.
pub struct App {
    session: Mutex<Session>,
    status: watch::Sender<Status>,
    /// Pages holding the event stream open.
    tabs: AtomicUsize,
    /// A page came or went.
    tabs_changed: Notify,
    lang: Language,
}

impl App {
    fn session(&self) -> std::sync::MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One page's hold on the app, released when its event stream closes.
struct Tab(Arc<App>);

impl Tab {
    fn open(app: Arc<App>) -> Tab {
        app.tabs.fetch_add(1, Ordering::SeqCst);
        app.tabs_changed.notify_one();
        Tab(app)
    }
}

impl Drop for Tab {
    fn drop(&mut self) {
        self.0.tabs.fetch_sub(1, Ordering::SeqCst);
        self.0.tabs_changed.notify_one();
    }
}

/// Resolves once a page has been open and the last one has been closed for the grace time.
async fn last_tab_closed(app: Arc<App>) {
    let mut seen = false;
    loop {
        if app.tabs.load(Ordering::SeqCst) > 0 {
            seen = true;
        } else if seen {
            tokio::select! {
                () = tokio::time::sleep(LAST_TAB_GRACE) => {
                    if app.tabs.load(Ordering::SeqCst) == 0 {
                        return;
                    }
                }
                () = app.tabs_changed.notified() => {}
            }
            continue;
        }
        app.tabs_changed.notified().await;
    }
}

/// A fresh token of 128 random bits, in hex.
fn token() -> String {
    kleroterion::Salt::random().as_hex()[..32].to_string()
}

pub fn run(a: AppArgs) -> Result<(), Failure> {
    crate::console::speak(a.lang.unwrap_or_else(Language::from_environment));
    let folder = tempfile::Builder::new()
        .prefix("kleroterion-app-")
        .tempdir()
        .map_err(|e| usage(words!("app-could-not-make-folder", why = e)))?;
    let home = std::env::current_dir().ok();
    // Steps run the commands on file names relative to this folder, so that messages name
    // the files as the organiser dropped them.
    std::env::set_current_dir(folder.path()).map_err(|e| {
        usage(words!(
            "app-could-not-use",
            path = folder.path().display(),
            why = e
        ))
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| usage(words!("app-could-not-start", why = e)))?;
    let served = runtime.block_on(serve(a));
    runtime.shutdown_timeout(Duration::from_secs(1));
    if let Some(home) = home {
        let _ = std::env::set_current_dir(home);
    }
    let removed = folder.path().display().to_string();
    drop(folder);
    served?;
    say_err!("{}", words!("app-ended", folder = removed));
    Ok(())
}

async fn serve(a: AppArgs) -> Result<(), Failure> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", a.port))
        .await
        .map_err(|e| usage(words!("app-could-not-listen", port = a.port, why = e)))?;
    let port = listener
        .local_addr()
        .map_err(|e| usage(e.to_string()))?
        .port();
    let guard = Arc::new(guard::Guard::new(token(), port));
    let url = format!("http://127.0.0.1:{port}/{}/", guard.token);
    let app = Arc::new(App {
        session: Mutex::new(Session::default()),
        status: watch::Sender::new(Status {
            state: "idle",
            ..Default::default()
        }),
        tabs: AtomicUsize::new(0),
        tabs_changed: Notify::new(),
        lang: a.lang.unwrap_or_else(Language::from_environment),
    });
    let router = Router::new()
        .route("/{token}", get(steps::to_folder))
        .route("/{token}/", get(steps::index))
        .route("/{token}/app.js", get(steps::script))
        .route("/{token}/app.css", get(steps::style))
        .route("/{token}/api/messages", get(steps::messages))
        .route("/{token}/api/events", get(steps::events))
        .route(
            "/{token}/api/file/{role}",
            put(steps::drop_file).delete(steps::forget_file),
        )
        .route("/{token}/api/sheet/{role}", post(steps::choose_sheet))
        .route("/{token}/api/check", post(steps::check))
        .route(
            "/{token}/api/accept-relaxation",
            post(steps::accept_relaxation),
        )
        .route("/{token}/api/prepare", post(steps::prepare))
        .route("/{token}/api/cancel", post(steps::cancel))
        .route("/{token}/api/draw", post(steps::draw))
        .route("/{token}/api/files", get(steps::files))
        .route("/{token}/api/download/{*path}", get(steps::download))
        .route("/{token}/api/view/{*path}", get(steps::view))
        .route("/{token}/api/verify", post(steps::verify))
        .layer(DefaultBodyLimit::max(LARGEST_FILE))
        .with_state(app.clone())
        .layer(axum::middleware::from_fn_with_state(guard, guard::check));
    // Ctrl-C is ours from before the address is printed (the handler is installed when the
    // future is first polled: once here, by a select that does not wait).
    let mut ctrl_c = Box::pin(tokio::signal::ctrl_c());
    tokio::select! {
        biased;
        _ = &mut ctrl_c => return Ok(()),
        () = std::future::ready(()) => {}
    }
    say_out!("{}", crate::say(app.lang, "app-started", &[("url", &url)]));
    if !a.no_open {
        if let Err(e) = webbrowser::open(&url) {
            say_err!("{}", words!("app-no-browser", why = e));
        }
    }
    let ended = {
        let app = app.clone();
        async move {
            tokio::select! {
                _ = ctrl_c => {}
                () = last_tab_closed(app) => {}
            }
        }
    };
    axum::serve(listener, router)
        .with_graceful_shutdown(ended)
        .await
        .map_err(|e| usage(words!("app-stopped", why = e)))?;
    // A solve still running is asked to stop.
    if let Some(job) = app.session().job.take() {
        job.set();
    }
    Ok(())
}
