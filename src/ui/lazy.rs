//! The screens a reader does not need to read or search the plan, each split
//! off the main WebAssembly into a chunk that loads the first time the
//! screen opens (tools/split-link.sh splits, tools/split-output.mjs names
//! and ships; the service worker keeps them for offline use). The list and
//! a measure's page stay in the main module: they are the first screens.
//!
//! Each `#[wasm_split]` function is a split point: its body, and what only
//! it reaches, go to the chunk named in the attribute. `fallible` turns a
//! chunk that cannot be fetched (offline before the service worker had it)
//! into an `Err` the reader is told about, instead of a panic, which would
//! abort the whole app.

// A split point is an `extern "C"` pair (an export in the chunk, an import
// in the main module), so rustc warns that `AnyView` and `Memo` are not FFI
// types; both ends are this crate, built by the same compiler.
#![allow(improper_ctypes_definitions)]

use std::future::Future;

use leptos::__reexports::send_wrapper::SendWrapper;
use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;

use super::{
    author, dashboard, exchange, glossary, handout, measure, presentation, report, settings,
};
use crate::core::route::{ListState, Route};

type Loaded = Result<AnyView, SplitLoaderError>;

/// A split point in the release (`--features split`, which trunk builds
/// with: index.html); elsewhere (the wasm-bindgen tests, clippy) the same
/// function, called directly, since only trunk's build ships the chunks.
macro_rules! split_point {
    ($chunk:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        #[cfg(feature = "split")]
        #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name($($arg: $ty),*) -> Loaded $body

        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Loaded $body
    };
}

/// A screen from a chunk: nothing while it arrives (a few milliseconds from
/// the cache), then the screen, or a French message saying what to do.
fn deferred(load: impl Future<Output = Loaded> + 'static) -> impl IntoView {
    Suspend::new(SendWrapper::new(async move {
        load.await.unwrap_or_else(|_| {
            // Online, the likely cause is a new release deployed since this
            // page opened: its chunks have new names, the old ones are gone.
            let why = if window().navigator().on_line() {
                "Cet écran n’a pas pu être chargé : Vigie a sans doute été mise à jour \
                 depuis l’ouverture de cette page. Rechargez la page pour l’ouvrir ; "
            } else {
                "Cet écran n’a pas pu être chargé : la connexion semble coupée. \
                 Rechargez la page une fois la connexion revenue ; "
            };
            view! {
                <main id="contenu" class="page" tabindex="-1">
                    <h1>"Écran indisponible"</h1>
                    <p role="alert">
                        {why} "vos annotations sont enregistrées dans ce navigateur."
                    </p>
                    <p>
                        <a href=Route::default().to_hash()>"Revenir au plan"</a>
                    </p>
                </main>
            }
            .into_any()
        })
    }))
}

/// The dashboard, or the « Relevé » reached from it: one split point for
/// both, so that the main module holds no second loader for it.
fn dashboard_or_report() -> AnyView {
    let route = super::context::ctx().router.route();
    if matches!(route.get_untracked(), Route::Report { .. }) {
        report::ReportPage().into_any()
    } else {
        dashboard::DashboardPage().into_any()
    }
}

/// The split screens without props: each a split point returning its page,
/// and the component the screen switch in `ui/mod.rs` shows.
macro_rules! deferred_screens {
    ($($chunk:ident: $screen:ident => $load:ident => $page:path),* $(,)?) => {$(
        split_point! {
            $chunk, fn $load() {
                Ok($page().into_any())
            }
        }

        #[component]
        pub fn $screen() -> impl IntoView {
            deferred($load())
        }
    )*};
}

deferred_screens! {
    suivi: Dashboard => dashboard_page => dashboard_or_report,
    suivi: Glossary => glossary_page => glossary::GlossaryPage,
    suivi: Settings => settings_page => settings::SettingsPage,
    suivi: Handout => handout_page => handout::HandoutPage,
    echanges: Exchange => exchange_page => exchange::ExchangePage,
}

split_point! {
    diapos, fn presentation_page(
        slide: Memo<usize>,
        selection: Memo<Option<ListState>>,
        presenter: Memo<bool>,
    ) {
        Ok(view! { <presentation::PresentationPage slide selection presenter /> }.into_any())
    }
}

#[component]
pub fn Presentation(
    slide: Memo<usize>,
    selection: Memo<Option<ListState>>,
    presenter: Memo<bool>,
) -> impl IntoView {
    deferred(presentation_page(slide, selection, presenter))
}

split_point! {
    signature, fn sign_prompt() {
        Ok(author::SignPrompt().into_any())
    }
}

/// « Qui travaille ? », in a chunk of its own, fetched once something was
/// changed unsigned. A chunk that cannot load shows nothing: the dialog of
/// the first export still asks.
#[component]
pub fn SignPrompt() -> impl IntoView {
    Suspend::new(SendWrapper::new(async move { sign_prompt().await.ok() }))
}

split_point! {
    historique, fn history_part(number: crate::core::plan::MeasureNo) {
        Ok(view! { <measure::History number /> }.into_any())
    }
}

/// A measure's history, in a chunk of its own: the measure's text and its
/// tracking fields come first, with the main module; the timeline, with its
/// buttons to go back, follows from the cache. A chunk that cannot load
/// says so in place.
#[component]
pub fn History(number: crate::core::plan::MeasureNo) -> impl IntoView {
    Suspend::new(SendWrapper::new(async move {
        history_part(number).await.unwrap_or_else(|_| {
            view! {
                <section class="history" aria-labelledby="titre-historique">
                    <h2 id="titre-historique">"Historique"</h2>
                    <p role="alert">
                        "L’historique n’a pas pu être chargé (connexion coupée, ou nouvelle \
                         version de Vigie)\u{202f}: rechargez la page pour le voir\u{202f}; \
                         vos annotations sont enregistrées."
                    </p>
                </section>
            }
            .into_any()
        })
    }))
}

thread_local! {
    /// What the next CSV export writes, and the app it belongs to: handed
    /// over beside the split point (a task has no reactive owner to find
    /// the context in).
    static CSV: std::cell::RefCell<Option<(super::context::Ctx, Vec<crate::core::plan::MeasureNo>)>> =
        const { std::cell::RefCell::new(None) };
}

/// The CSV export of the list, in a chunk of its own: the spreadsheet
/// writer is not needed to read the plan.
#[cfg(feature = "split")]
#[wasm_split(tableur, wasm_split_path = ::leptos::wasm_split, fallible)]
fn csv_export() -> Result<Option<String>, SplitLoaderError> {
    Ok(write_csv())
}

#[cfg(not(feature = "split"))]
async fn csv_export() -> Result<Option<String>, SplitLoaderError> {
    Ok(write_csv())
}

fn write_csv() -> Option<String> {
    let (ctx, measures) = CSV.take()?;
    super::download::export_csv_with(ctx, &measures).err()
}

/// Exports `measures` as CSV (from an event handler: the context is read
/// there); the error to show, if any.
pub fn export_csv(measures: Vec<crate::core::plan::MeasureNo>, error: RwSignal<Option<String>>) {
    CSV.set(Some((super::context::ctx(), measures)));
    leptos::task::spawn_local(async move {
        let done = csv_export().await.unwrap_or_else(|_| {
            Some(
                "le code de l’export n’a pas pu être chargé (connexion coupée, ou nouvelle \
                 version de Vigie\u{202f}: rechargez la page)"
                    .to_owned(),
            )
        });
        error.set(done);
    });
}

/// The team folder's engine, in the `dossier` chunk: fetched only by a
/// browser that links a folder. One entry for every action (each split
/// point costs the main module a loader): it starts the work and returns.
#[cfg(feature = "split")]
#[wasm_split(dossier, wasm_split_path = ::leptos::wasm_split, fallible)]
fn folder_entry(action: u32) -> Result<(), SplitLoaderError> {
    super::folder::run(action);
    Ok(())
}

#[cfg(not(feature = "split"))]
async fn folder_entry(action: u32) -> Result<(), SplitLoaderError> {
    super::folder::run(action);
    Ok(())
}

/// Runs a team folder action (see [`super::folder::Action`]); a chunk that
/// cannot load leaves things as they are.
pub async fn folder(action: super::folder::Action) {
    folder_entry(action as u32).await.ok();
}
