//! The reading and finding screen: the plan's objectives and measures, the
//! search box, the facets and the active-filter chips. Its whole state is
//! the route's [`ListState`]: this screen reads it and navigates, nothing else.
//! At start-up behind the prerendered page it also builds its cards in
//! steps and then hands over (see [`crate::ui::boot`]).
//!
//! The page itself is here; [`finder`] holds the search box, the results
//! bar and the active-filter chips, [`facets`] the filters, [`cards`] the
//! measures found and how they are built in steps. The parts share the
//! page's constants and one another's components through this module.

mod cards;
mod facets;
mod finder;

use cards::{build_in_steps, Results};
use facets::{wide_screen, FacetGroup, Folded};
use finder::{ResultsBar, SearchBar};

use crate::core::french;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::plan::reading::Marks;
use crate::core::plan::{Erratum, MeasureNo, TextPart};
use crate::core::view::listing::{self};
use crate::core::view::route::{Facet, ListState, Route};

use crate::core::wording::partial_answer;
use crate::ui::boot;
use crate::ui::context::{ctx, Ctx};
use crate::ui::lazy;
use crate::ui::router::{History, Router};
use crate::ui::screens::widgets::{focus_id, plan_text, typing_in_field};

pub(super) const SEARCH_ID: &str = "recherche";
/// Cards rendered at once; the plan's 55 measures always fit in one page.
pub(super) const PAGE: usize = 100;
/// New cards built per task while the app starts behind the prerendered
/// page: small enough that no task blocks a slow phone for long.
const START_STEP: usize = 3;
/// New cards a search or filter builds in the frame that answers it: more
/// than a 1080-pixel-high screen shows. The rest follow in later tasks.
pub(super) const ANSWER_STEP: usize = 12;
/// A step quicker than this doubles the next (see [`build_in_steps`]).
pub(super) const QUICK_STEP_MS: f64 = 12.0;

#[component]
pub fn ListPage() -> impl IntoView {
    let Ctx { plan, index, router, store, today, thesaurus, .. } = ctx();
    let route = router.route();
    let state = Memo::new(move |_| match route.get() {
        Route::List(state) => state,
        _ => ListState::default(),
    });
    let doc = store.document();
    let facts = Memo::new(move |_| {
        doc.with(|d| listing::facts(plan, d.annotations(), d.team(), today.get()))
    });
    let query = Memo::new(move |_| state.with(|s| s.query.clone()));
    // The search with the thesaurus's words added, parsed once per keystroke.
    let parsed = Memo::new(move |_| query.with(|q| lazy::query(index, q, thesaurus.get())));
    let listing = Memo::new(move |_| {
        state.with(|s| parsed.with(|q| facts.with(|f| listing::compute(plan, index, s, q, f))))
    });
    let highlighter = Memo::new(move |_| parsed.with(|q| index.highlighter(q)));
    // Long result lists render in pages, so that a keystroke never rebuilds
    // thousands of cards; any new search or filter starts from one page.
    let extended = RwSignal::new((ListState::default(), PAGE));
    let paged = Memo::new(move |_| {
        extended.with(|(for_state, n)| if state.with(|s| s == for_state) { *n } else { PAGE })
    });
    // The cards on screen: the page, built at most `step` new cards per
    // render (see listing::shown_next). Behind the prerendered page that is a
    // few per task; coming back to the list, the whole page at once, so that
    // the reader's place in it can be restored; a search or filter answers
    // with a screenful and builds the rest in later tasks.
    let step = RwSignal::new(if boot::booting() { START_STEP } else { usize::MAX });
    let page_len = Memo::new(move |_| listing.with(|l| l.visible.len()).min(paged.get()));
    let shown = Memo::new(move |previous: Option<&Vec<MeasureNo>>| {
        let previous = previous.map_or(&[][..], Vec::as_slice);
        let step = step.get();
        listing.with(|l| {
            let page = &l.visible[..page_len.get()];
            // A new answer starts small even while the last one was still
            // growing in doubled steps.
            let step = if page.starts_with(previous) { step } else { step.min(ANSWER_STEP) };
            page[..listing::shown_next(previous, page, step)].to_vec()
        })
    });
    let whole = move || shown.with(Vec::len) == page_len.get();
    build_in_steps(step, whole, router);
    // Typing rewrites the current history entry; the first keystroke after
    // any other change starts a new one, so Back undoes a whole search.
    let typing = StoredValue::new(false);
    let navigate = move |next: ListState, mode: History| {
        typing.set_value(false);
        router.go(Route::List(next), mode);
    };
    let clear_all = move |_| navigate(state.get_untracked().cleared(), History::Push);
    focus_search_on_slash();
    if !boot::booting() {
        return_to_where_the_reader_was(router);
    }

    view! {
        <main
            id="contenu"
            class="page page-list"
            tabindex="-1"
            on:click=move |ev| remember_where_the_reader_is(router, &ev)
        >
            <PlanIntro />
            <div class="finder">
                <SearchBar state typing navigate />
                <ResultsBar listing facts state navigate />
            </div>
            <div class="list-layout">
                <aside class="facets" aria-labelledby="titre-filtres">
                    // Open beside the results on wide screens; folded above them on phones.
                    <Folded
                        class="facets-panel"
                        open=wide_screen()
                        summary=view! {
                            <h2 id="titre-filtres" class="facets-title">
                                "Filtrer"
                            </h2>
                        }
                            .into_any()
                    >
                        {Facet::ALL
                            .into_iter()
                            .map(|facet| {
                                view! { <FacetGroup facet listing facts state navigate /> }
                            })
                            .collect_view()}
                    </Folded>
                </aside>
                // Busy while a long answer is still being built, so that a
                // screen reader waits for the whole list.
                <div class="results" aria-busy=move || (!whole()).then_some("true")>
                    // The acronyms the search names, explained (empty, and
                    // hidden, when it names none).
                    <p class="named-acronyms">
                        {move || highlighter.with(|h| h.explained.clone())}
                    </p>
                    // No measure has every word: say which, above those that
                    // have the most (empty, and hidden, otherwise).
                    <p class="partial-answer" role="status">
                        {move || listing.with(|l| l.partial.as_ref().map(partial_answer))}
                    </p>
                    <Show
                        when=move || listing.with(|l| !l.visible.is_empty())
                        fallback=move || {
                            view! {
                                <div class="empty" role="status">
                                    <p>
                                        {move || match query.get().trim() {
                                            "" => {
                                                "Aucune mesure ne correspond \
                                                 à ces filtres."
                                                    .to_owned()
                                            }
                                            q => {
                                                format!(
                                                    "Aucune mesure ne correspond \
                                                     à {} avec ces filtres.",
                                                    french::quoted(q),
                                                )
                                            }
                                        }}
                                    </p>
                                    <button type="button" class="button" on:click=clear_all>
                                        "Effacer la recherche et les filtres"
                                    </button>
                                </div>
                            }
                        }
                    >
                        <Results listing state parsed highlighter shown paged extended />
                    </Show>
                </div>
            </div>
        </main>
    }
}

/// Before a link leaves the list, notes in its history entry how far the
/// page was scrolled and which card the link was in: `"1234 mesure-17"`.
fn remember_where_the_reader_is(router: Router, ev: &web_sys::MouseEvent) {
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
    else {
        return;
    };
    let card = link.closest("article.measure").ok().flatten().map(|c| c.id()).unwrap_or_default();
    // Whole pixels, as an integer: printing or parsing an f64 would bring
    // Rust's float formatting (some 25 KB) into the WebAssembly.
    let y = window().scroll_y().unwrap_or(0.0) as i64;
    router.remember(&format!("{y} {card}"));
}

/// Back to the list: the page scrolled as it was, and the focus on the card
/// the reader had opened, once the cards are there.
fn return_to_where_the_reader_was(router: Router) {
    let Some(note) = router.remembered() else { return };
    let Some((y, card)) = note.split_once(' ') else { return };
    let Ok(y) = y.parse::<i64>() else { return };
    let card = card.to_owned();
    request_animation_frame(move || {
        window().scroll_to_with_x_and_y(0.0, y as f64);
        let link = document()
            .get_element_by_id(&card)
            .and_then(|c| c.query_selector(".measure-title a").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(link) = link {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            drop(link.focus_with_options(&options));
        }
    });
}

/// "/" focuses the search from anywhere but a text field.
fn focus_search_on_slash() {
    let slash = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing_in_field() {
            return;
        }
        if focus_id(SEARCH_ID) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || slash.remove());
}

/// The plan's title, date, size and introduction.
#[component]
fn PlanIntro() -> impl IntoView {
    let plan = ctx().plan;
    view! {
        <section class="plan-intro" aria-labelledby="titre-plan">
            <p class="eyebrow">
                {format!("Présenté le {} à {}", plan.date.french_long(), plan.place)}
            </p>
            <h1 id="titre-plan">{plan.title.clone()}</h1>
            <p class="lede">
                {format!(
                    "{} objectifs, {} mesures.",
                    plan.objectives.len(),
                    french::integer(plan.measures.len()),
                )}
            </p>
            <details class="introduction">
                <summary>"Lire la présentation du plan"</summary>
                {
                    let errata: Vec<&Erratum> = plan.errata_in(TextPart::Headline).collect();
                    view! {
                        <p class="headline">
                            {plan_text(
                                &plan.headline,
                                Marks {
                                    errata: &errata,
                                    ..Marks::default()
                                },
                            )}
                        </p>
                    }
                }
                {
                    let errata: Vec<&Erratum> = plan.errata_in(TextPart::Introduction).collect();
                    plan.introduction
                        .iter()
                        .map(|p| {
                            // `plan_text` marks a slip only in the paragraph that has it.
                            view! {
                                <p>
                                    {plan_text(
                                        p,
                                        Marks {
                                            errata: &errata,
                                            ..Marks::default()
                                        },
                                    )}
                                </p>
                            }
                        })
                        .collect_view()
                }
            </details>
        </section>
    }
}
