//! `--pdf`: the report printed to A4 by a local Chromium, when one is installed (the report
//! itself needs no browser; this only saves the organiser a print dialogue).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium-family browsers tried, in order, on the PATH and in the usual places.
const BROWSERS: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

fn find_browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KLEROTERION_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    BROWSERS.iter().find_map(|name| {
        let direct = Path::new(name);
        if direct.is_absolute() {
            return direct.is_file().then(|| direct.to_path_buf());
        }
        std::env::split_paths(&path)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// Prints `html` (a written report) to `pdf` beside it, through a temporary file renamed
/// into place. The error says what to do instead.
pub fn print(html: &Path, pdf: &Path) -> Result<(), String> {
    let browser = find_browser().ok_or_else(|| words!("cli-no-chromium"))?;
    let html = html
        .canonicalize()
        .map_err(|e| format!("{}: {e}", html.display()))?;
    let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = pdf.parent().unwrap_or(Path::new("."));
    let partial = tempfile::Builder::new()
        .prefix(".report")
        .suffix(".pdf.part")
        .tempfile_in(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let status = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", partial.path().display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .map_err(|e| {
            words!(
                "cli-browser-did-not-run",
                browser = browser.display(),
                why = e
            )
        })?;
    let written = std::fs::metadata(partial.path()).map_or(0, |m| m.len());
    if !status.status.success() || written == 0 {
        let stderr = String::from_utf8_lossy(&status.stderr);
        let why = stderr.lines().last().unwrap_or("-");
        return Err(words!(
            "cli-browser-did-not-print",
            browser = browser.display(),
            why = why
        ));
    }
    partial
        .persist(pdf)
        .map_err(|e| format!("{}: {e}", pdf.display()))?;
    // Published beside the report: readable by all, as report.html is.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(pdf, std::fs::Permissions::from_mode(0o644))
            .map_err(|e| format!("{}: {e}", pdf.display()))?;
    }
    Ok(())
}
