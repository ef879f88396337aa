//! Files leaving the app: the annotations as JSON, a list as CSV, a backup
//! copy; each handed to the browser as a download (Blob + object URL).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::date::IsoDate;
use crate::core::files::codec;
use crate::core::files::persistence::BackupKey;
use crate::core::files::sheet;
use crate::core::plan::MeasureNo;

use crate::ui::clock::{now, zone};
use crate::ui::context::ctx;
use crate::ui::storage;

/// Why a file could not be handed to the browser. Browser-only, so it
/// stays here; said once, by its `Display`, as « Export impossible : … ».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportError {
    /// The browser refused to make the file (a Blob).
    NoFile,
    /// … or its address (an object URL).
    NoAddress,
    /// … or the link that starts the download.
    NoLink,
    /// The export's code, in a chunk of its own, could not be fetched.
    NotLoaded,
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self {
            ExportError::NoFile => "fichier impossible à créer",
            ExportError::NoAddress => "adresse du fichier impossible à créer",
            ExportError::NoLink => "lien impossible à créer",
            ExportError::NotLoaded => {
                "le code de l’export n’a pas pu être chargé (connexion coupée, ou nouvelle \
                 version de Vigie\u{a0}: rechargez la page)"
            }
        };
        write!(f, "Export impossible\u{a0}: {why}.")
    }
}

/// What an export did: the sentence saying which file it made, or why it
/// made none.
pub type Exported = Result<String, ExportError>;

pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), ExportError> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| ExportError::NoFile)?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ExportError::NoAddress)?;
    let anchor: web_sys::HtmlAnchorElement =
        document().create_element("a").map_err(|_| ExportError::NoLink)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // Revoke once the browser has started the download.
    set_timeout(
        move || drop(web_sys::Url::revoke_object_url(&url)),
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

/// Every annotation as a pretty-printed, self-describing JSON file.
/// Says what was exported, to confirm it on the page.
pub fn export_annotations() -> Exported {
    let store = ctx().store;
    store.flush();
    let now = now();
    let date = IsoDate::of_instant(now, &zone);
    let (text, annotated) = store
        .document()
        .with_untracked(|d| (codec::export_text(d, now), d.annotations().annotated()));
    let file = format!("vigie-annotations-{date}.json");
    download(&file, "application/json", &text)?;
    store.exported();
    Ok(crate::core::wording::export_done(&file, annotated, "mesure annotée", "mesures annotées"))
}

/// The CSV of the given measures.
pub fn export_csv(measures: &[MeasureNo]) -> Exported {
    export_csv_with(ctx(), measures)
}

/// [`export_csv`] with the app's context given (from a task, which has none).
pub fn export_csv_with(ctx: crate::ui::context::Ctx, measures: &[MeasureNo]) -> Exported {
    let text = ctx
        .store
        .document()
        .with_untracked(|d| sheet::write(ctx.plan, d.annotations(), measures, &zone));
    let date = IsoDate::of_instant(now(), &zone);
    let file = format!("vigie-mesures-{date}.csv");
    download(&file, "text/csv;charset=utf-8", &text)?;
    Ok(crate::core::wording::export_done(&file, measures.len(), "mesure", "mesures"))
}

/// A copy of unreadable stored data, as it was found.
pub fn download_backup(key: &BackupKey) {
    if let Some(text) = storage::read(&key.to_string()) {
        // The banner's button stays: a refused download can be asked again.
        download(&key.file_name(), "application/json", &text).ok();
    }
}
