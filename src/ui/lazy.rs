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

use crate::core::plan::search::{Query, SearchIndex};
use crate::core::plan::thesaurus;
use crate::core::record::editing::Way;
use crate::core::view::route::{ListState, Route};
use crate::ui::screens::{
    author, dashboard, exchange, glossary, handout, measure, presentation, report, settings,
};

/// What a split screen gives: its view, or why its chunk did not load.
type Loaded = Result<AnyView, SplitLoaderError>;

/// A split point in the release (`--features split`, which trunk builds
/// with: index.html); elsewhere (the wasm-bindgen tests, clippy) the same
/// function, called directly, since only trunk's build ships the chunks.
/// Its body gives `Ok` of the `-> type` (a view when none is said); a
/// chunk that cannot load gives the `Err`.
macro_rules! split_point {
    ($chunk:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name($($arg: $ty),*) -> Result<$ret, SplitLoaderError> $body

        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<$ret, SplitLoaderError> $body
    };
    ($chunk:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        split_point! { $chunk, fn $name($($arg: $ty),*) -> AnyView $body }
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
                "Cet écran n’a pas pu être chargé\u{a0}: Vigie a sans doute été mise à jour \
                 depuis l’ouverture de cette page. Rechargez la page pour l’ouvrir\u{202f}; "
            } else {
                "Cet écran n’a pas pu être chargé\u{a0}: la connexion semble coupée. \
                 Rechargez la page une fois la connexion revenue\u{202f}; "
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
    let route = crate::ui::context::ctx().router.route();
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
                         version de Vigie)\u{a0}: rechargez la page pour le voir\u{202f}; \
                         vos annotations sont enregistrées."
                    </p>
                </section>
            }
            .into_any()
        })
    }))
}

split_point! {
    historique, fn conflicts_part(number: crate::core::plan::MeasureNo) {
        Ok(view! { <measure::Conflicts number /> }.into_any())
    }
}

/// A measure's conflicts to settle, from the history's chunk: rare, and
/// never needed to read. A chunk that cannot load says so in place.
#[component]
pub fn Conflicts(number: crate::core::plan::MeasureNo) -> impl IntoView {
    Suspend::new(SendWrapper::new(async move {
        conflicts_part(number).await.unwrap_or_else(|_| {
            view! {
                <p class="conflicts" role="alert">
                    "Les conflits de cette mesure n’ont pas pu être affichés (connexion \
                     coupée, ou nouvelle version de Vigie)\u{a0}: rechargez la page."
                </p>
            }
            .into_any()
        })
    }))
}

split_point! {
    historique, fn kept_drafts_part(
        number: crate::core::plan::MeasureNo,
        field: crate::core::record::drafts::DraftField,
    ) {
        Ok(view! { <measure::KeptDrafts number field /> }.into_any())
    }
}

/// The texts kept for a field (a draft that could not be recorded, another
/// tab's adopted at its closing), from the history's chunk, which a
/// measure's page fetches as it opens; they stay stored meanwhile. A chunk
/// that cannot load is said by the history's own message.
#[component]
pub fn KeptDrafts(
    number: crate::core::plan::MeasureNo,
    field: crate::core::record::drafts::DraftField,
) -> impl IntoView {
    Suspend::new(SendWrapper::new(async move { kept_drafts_part(number, field).await.ok() }))
}

thread_local! {
    /// What the next CSV export writes, and the app it belongs to: handed
    /// over beside the split point (a task has no reactive owner to find
    /// the context in).
    static CSV: std::cell::RefCell<Option<(crate::ui::context::Ctx, Vec<crate::core::plan::MeasureNo>)>> =
        const { std::cell::RefCell::new(None) };
}

// The CSV export of the list, in a chunk of its own: the spreadsheet
// writer is not needed to read the plan.
split_point! {
    tableur, fn csv_export() -> Option<crate::ui::download::ExportError> {
        Ok(write_csv())
    }
}

fn write_csv() -> Option<crate::ui::download::ExportError> {
    let (ctx, measures) = CSV.take()?;
    crate::ui::download::export_csv_with(ctx, &measures).err()
}

/// Exports `measures` as CSV (from an event handler: the context is read
/// there); the error to show, if any.
pub fn export_csv(
    measures: Vec<crate::core::plan::MeasureNo>,
    error: RwSignal<Option<crate::ui::download::ExportError>>,
) {
    CSV.set(Some((crate::ui::context::ctx(), measures)));
    leptos::task::spawn_local(async move {
        let done = csv_export().await.unwrap_or(Some(crate::ui::download::ExportError::NotLoaded));
        error.set(done);
    });
}

// The team folder's engine, in the `dossier` chunk: fetched only by a
// browser that links a folder. One entry for every action (each split
// point costs the main module a loader): it starts the work and returns.
split_point! {
    dossier, fn folder_entry(action: u32) -> () {
        crate::ui::screens::folder::run(action);
        Ok(())
    }
}

/// Runs a team folder action (see [`crate::ui::screens::folder::Action`]); a chunk that
/// cannot load leaves things as they are.
pub async fn folder(action: crate::ui::screens::folder::Action) {
    folder_entry(action as u32).await.ok();
}

// The thesaurus at work (`core::plan::thesaurus`), in the `thesaurus` chunk: its
// code is not needed for the first screen, and the search answers without
// it until it arrives (see [`load_thesaurus`]).
split_point! {
    thesaurus, fn thesaurus_link(index: &'static SearchIndex<'static>, query: Query) -> Query {
        Ok(thesaurus::link(index, query))
    }
}

split_point! {
    thesaurus, fn thesaurus_found_by(
        index: &'static SearchIndex<'static>,
        measure: usize,
        query: &Query,
    ) -> Vec<String> {
        Ok(thesaurus::found_by(index, measure, query, None))
    }
}

/// Fetches the thesaurus's chunk, then says it is `ready`. A chunk that
/// cannot come leaves the search without the thesaurus, as it was.
pub fn load_thesaurus(index: &'static SearchIndex<'static>, ready: RwSignal<bool>) {
    // Each split function has its own loader: both are awaited here, so
    // that [`at_once`] finds each filled.
    leptos::task::spawn_local(async move {
        let none = Query::default();
        if thesaurus_link(index, none.clone()).await.is_ok()
            && thesaurus_found_by(index, 0, &none).await.is_ok()
        {
            ready.set(true);
        }
    });
}

/// The answer of a split function whose chunk is already loaded: its
/// future is then ready at the first poll (the loader's cell is filled), so
/// a keystroke gets it in the same task. Never called before (`ready`): a
/// pending load must not be dropped.
fn at_once<T>(call: impl Future<Output = Result<T, SplitLoaderError>>) -> Option<T> {
    let mut call = std::pin::pin!(call);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match call.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Ok(answer)) => Some(answer),
        _ => None,
    }
}

/// `input` parsed, and linked to the thesaurus once its chunk is `ready`.
pub fn query(index: &'static SearchIndex<'static>, input: &str, ready: bool) -> Query {
    if !ready {
        return Query::parse(input);
    }
    at_once(thesaurus_link(index, Query::parse(input))).unwrap_or_else(|| Query::parse(input))
}

/// How the thesaurus brought measure `measure` (0-based) into `query`'s
/// answer (see `core::plan::thesaurus::found_by`); nothing before it is `ready`.
pub fn found_by(
    index: &'static SearchIndex<'static>,
    measure: usize,
    query: &Query,
    ready: bool,
) -> Vec<String> {
    if !ready {
        return Vec::new();
    }
    at_once(thesaurus_found_by(index, measure, query)).unwrap_or_default()
}

// Upkeep of the stored annotations, in the `entretien` chunk: compacting
// the journals (a second and a half after start-up) and undo and redo (on
// demand). Neither is needed to read the plan; a chunk that cannot come
// leaves the journals as they are, which loses nothing.

/// The compaction's work, run once its chunk is there.
type Work = std::pin::Pin<Box<dyn Future<Output = ()>>>;

split_point! {
    entretien, fn compaction(
        store: crate::ui::store::Store,
        live: Option<Vec<crate::core::record::stamp::Replica>>,
    ) -> Work {
        Ok(Box::pin(async move { store.compact_now(live).await }))
    }
}

/// Compacts the journals (see `Store::compact_now`).
pub async fn compact(
    store: crate::ui::store::Store,
    live: Option<Vec<crate::core::record::stamp::Replica>>,
) {
    if let Ok(work) = compaction(store, live).await {
        work.await;
    }
}

split_point! {
    entretien, fn undo_entry(store: crate::ui::store::Store, way: Way) -> () {
        store.undo_now(way);
        Ok(())
    }
}

/// Undoes or redoes the last step (see `Store::undo_now`); says so when the
/// code cannot come.
pub fn undo_or_redo(store: crate::ui::store::Store, way: Way) {
    leptos::task::spawn_local(async move {
        if undo_entry(store, way).await.is_err() {
            store.say(crate::ui::store::Said {
                text: crate::core::wording::undo_unavailable(way),
                severity: crate::ui::store::Severity::Warning,
            });
        }
    });
}
