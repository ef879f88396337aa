//! The Leptos front end: mounts the app, the header, the screen switch and
//! the app-wide keys. Components only wire signals to the pure
//! [`crate::core`]; the app-wide state is [`context::Ctx`], provided once
//! here. Within `ui/`, imports point down: this module → `lazy` (the
//! screens split off the main WebAssembly) → screens →
//! context, store, widgets → router, storage, clock.

mod boot;
mod clock;
mod context;
mod download;
mod lazy;
mod router;
mod screens;
mod storage;
mod store;

use leptos::prelude::*;

use crate::core::plan::search::SearchIndex;
use crate::core::plan::Plan;
use crate::core::view::route::{Route, Screen};
use context::{ctx, Ctx, Exchange};
use router::{History, Router};
use screens::{author, folder, list, measure, widgets};
use store::Store;

/// Builds the bundled plan and mounts the app on `<body>`. With
/// `?banc=N` in the address (before the `#`), `make bench` gets a synthetic
/// plan of N measures instead, to time rendering at scale.
///
/// The app mounts from the task after the one that instantiates the
/// WebAssembly, and the list from the task after the frame: three tasks of
/// start-up instead of one long one, during which a tap or a keystroke
/// waited (Lighthouse mobile, alternating runs: total blocking time median
/// 207 → 161 ms; the longest task under a CPU slowed 4× 294 → 151 ms).
pub fn mount() {
    set_timeout(mount_now, std::time::Duration::ZERO);
}

fn mount_now() {
    let bench = router::bench_size();
    let plan = match bench {
        Some(n) => Plan::synthetic(n),
        None => Plan::bundled(),
    };
    let plan: &'static Plan = Box::leak(Box::new(plan));
    let index: &'static SearchIndex<'static> = Box::leak(Box::new(SearchIndex::new(plan)));
    // A synthetic benchmark plan must never touch the user's saved annotations.
    let persist = bench.is_none();
    // The main key is packed (compressed by the browser, which only does
    // it asynchronously): it is read first, in a few milliseconds; a reader
    // with nothing stored waits for nothing. (Leptos' own executor starts
    // with the mount: this task runs on wasm-bindgen's.)
    wasm_bindgen_futures::spawn_local(async move {
        let (main, journals) = if persist && storage::available() {
            let (main, journals) = storage::annotation_texts(None);
            (storage::unpack_main(main).await, journals)
        } else {
            (storage::MainKey::default(), Vec::new())
        };
        mount_to_body(move || view! { <App plan index persist main journals /> });
        boot::after_reveal(register_service_worker);
        // Built in idle time after the first screen, so that neither the
        // start-up nor the first keystroke pays for it.
        request_idle_callback(move || index.warm());
    });
}

/// Caches the release for offline use (see tools/postbuild.mjs). Only
/// release builds served over http(s) have a `sw.js`.
fn register_service_worker() {
    if cfg!(debug_assertions) || !router::served_over_http() {
        return;
    }
    // A refusal (private mode, policy) only means no offline copy.
    drop(window().navigator().service_worker().register("sw.js"));
}

#[component]
fn App(
    plan: &'static Plan,
    index: &'static SearchIndex<'static>,
    persist: bool,
    main: storage::MainKey,
    journals: Vec<(String, String)>,
) -> impl IntoView {
    let router = Router::start();
    let store = Store::start(plan, persist, main, journals);
    let exchange = Exchange::new(plan, store);
    let thesaurus = RwSignal::new(false);
    let today = clock::today_signal();
    provide_context(Ctx { plan, index, router, store, today, exchange, thesaurus });
    // The thesaurus's code comes in idle time after the first screen; a
    // search typed before is answered again when it is there.
    request_idle_callback(move || lazy::load_thesaurus(index, thesaurus));
    exchange.listen_for_drops(router);
    author::provide();
    folder::provide(ctx());
    boot::carry_over(router);
    let route = router.route();

    // The kind of screen, so that typing in the search box does not rebuild it.
    let screen = Memo::new(move |_| route.with(Route::screen));
    let slide = Memo::new(move |_| match route.get() {
        Route::Presentation { slide, .. } => slide,
        _ => 1,
    });
    let selection = Memo::new(move |_| match route.get() {
        Route::Presentation { selection, .. } => selection,
        _ => None,
    });
    let presenter =
        Memo::new(move |_| matches!(route.get(), Route::Presentation { presenter: true, .. }));

    undo_and_redo_keys(store);

    // The list is built from the task after the frame (see `mount`).
    let list_may_start = RwSignal::new(false);
    set_timeout(move || list_may_start.set(true), std::time::Duration::ZERO);

    // Sync the outside world: the tab title and the scroll position.
    Effect::new(move |previous: Option<Screen>| {
        let current = screen.get();
        document().set_title(&current.title(plan));
        if previous.is_some_and(|p| p != current) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        // Only the list is prerendered and built in steps (it reveals itself
        // when complete); any other first screen replaces the page at once.
        if current != Screen::List {
            boot::reveal(Some(router));
        }
        current
    });

    view! {
        <Show
            when=move || screen.get() != Screen::Presentation
            fallback=move || view! { <lazy::Presentation slide selection presenter /> }
        >
            <a class="skip-link" href="#contenu" on:click=skip_to_content>
                "Aller au contenu"
            </a>
            <Header screen />
            <p class="undo-said" role="status" aria-live="polite">
                {move || {
                    store
                        .said()
                        .get()
                        .map(|said| {
                            view! {
                                <span class="toast" class:toast-refused=said.refused>
                                    {said.text}
                                </span>
                            }
                        })
                }}
            </p>
            <widgets::Banners />
            // Asked only once something was changed unsigned: its code
            // loads then.
            <Show when=move || author::needs_name(store)>
                <lazy::SignPrompt />
            </Show>
            {move || match screen.get() {
                Screen::List if !list_may_start.get() => ().into_any(),
                Screen::List => view! { <list::ListPage /> }.into_any(),
                Screen::Measure(n) => view! { <measure::MeasurePage number=n /> }.into_any(),
                Screen::Glossary => view! { <lazy::Glossary /> }.into_any(),
                Screen::Dashboard | Screen::Report => view! { <lazy::Dashboard /> }.into_any(),
                Screen::Settings => view! { <lazy::Settings /> }.into_any(),
                Screen::Exchange => view! { <lazy::Exchange /> }.into_any(),
                Screen::Handout => view! { <lazy::Handout /> }.into_any(),
                Screen::Presentation => ().into_any(),
                Screen::NotFound => view! { <NotFound /> }.into_any(),
            }}
            <Footer />
        </Show>
    }
}

/// Ctrl+Z undoes the last annotation change and Ctrl+Shift+Z (or Ctrl+Y)
/// redoes it, except inside a text field, where they belong to the field.
fn undo_and_redo_keys(store: Store) {
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || widgets::typing_in_field() {
            return;
        }
        match (ev.key().to_ascii_lowercase().as_str(), ev.shift_key()) {
            ("z", false) if store.can_undo() => {
                ev.prevent_default();
                store.undo();
            }
            ("z", true) | ("y", false) if store.can_redo() => {
                ev.prevent_default();
                store.redo();
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
}

/// The brand, the main navigation, and the save state with undo and redo.
#[component]
fn Header(screen: Memo<Screen>) -> impl IntoView {
    let links = [
        (Route::default(), "Le plan"),
        (Route::Dashboard, "Tableau de bord"),
        (Route::Exchange, "Échanges"),
        (Route::Glossary, "Glossaire"),
        (Route::Settings { back: None }, "Paramètres"),
    ]
    .into_iter()
    .map(|(route, label)| {
        let here = route.screen();
        view! {
            <li>
                <a
                    href=route.to_hash()
                    aria-current=move || (screen.get() == here).then_some("page")
                >
                    {label}
                </a>
            </li>
        }
    })
    .collect_view();
    view! {
        <header class="app-header">
            <a class="brand" href=Route::default().to_hash()>
                <span class="brand-mark" aria-hidden="true">
                    "V"
                </span>
                <span class="brand-name">"Vigie"</span>
                <span class="brand-tagline">
                    "Suivi du plan national de lutte contre les stupéfiants"
                </span>
            </a>
            <nav aria-label="Navigation principale">
                <ul>{links}</ul>
            </nav>
            <div class="header-tools">
                <folder::FolderStatus />
                <widgets::SaveIndicator />
                <HistoryButton way=Way::Undo />
                <HistoryButton way=Way::Redo />
            </div>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let plan = ctx().plan;
    view! {
        <footer class="app-footer">
            <p>
                {format!(
                    "Texte du plan présenté le {} à {}, reproduit à l’identique. ",
                    plan.date.french_long(),
                    plan.place,
                )} // A plain link: it works in the prerendered page before the app
                // arrives. vigie.html, one file with no neighbours, carries the
                // plan as a data: address instead (tools/single-file.mjs).
                <a href=plan_json_href() download="plan-national-stupefiants-2019.json">
                    "Télécharger le plan (JSON)"
                </a>
            </p>
        </footer>
    }
}

fn plan_json_href() -> String {
    document()
        .get_element_by_id("plan-json")
        .and_then(|a| a.get_attribute("href"))
        .unwrap_or_else(|| "plan.json".into())
}

/// Which of the header's two history buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Undo,
    Redo,
}

/// "↶ Annuler" or "↷ Rétablir", saying in its tooltip what it would undo or redo.
#[component]
fn HistoryButton(way: Way) -> impl IntoView {
    let store = ctx().store;
    let (glyph, verb, keys, shortcut, nothing) = match way {
        Way::Redo => ("↷", "Rétablir", "Control+Shift+Z", "Ctrl+Maj+Z", "Rien à rétablir"),
        Way::Undo => ("↶", "Annuler", "Control+Z", "Ctrl+Z", "Rien à annuler"),
    };
    let label = move || match way {
        Way::Redo => store.redo_label(),
        Way::Undo => store.undo_label(),
    };
    view! {
        <button
            type="button"
            class="button-quiet"
            disabled=move || label().is_none()
            aria-keyshortcuts=keys
            title=move || {
                label()
                    .map_or(nothing.to_owned(), |what| format!("{verb}\u{a0}: {what} ({shortcut})"))
            }
            on:click=move |_| match way {
                Way::Redo => store.redo(),
                Way::Undo => store.undo(),
            }
        >
            <span aria-hidden="true">{glyph}</span>
            // On a phone only the arrow shows; the word stays for screen readers.
            <span class="history-word">{format!(" {verb}")}</span>
        </button>
    }
}

/// The skip link must not change the hash, which holds the route.
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("contenu") {
        use wasm_bindgen::JsCast;
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            main.focus().ok();
        }
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <main id="contenu" class="page" tabindex="-1">
            <h1>"Page introuvable"</h1>
            <p>"Cette adresse ne correspond à aucune page de Vigie."</p>
            <p>
                <a href=Route::default().to_hash()>"Revenir au plan"</a>
            </p>
        </main>
    }
}
