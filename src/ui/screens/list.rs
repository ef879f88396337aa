//! The reading and finding screen: the plan's objectives and measures, the
//! search box, the facets and the active-filter chips. Its whole state is
//! the route's [`ListState`]: this screen reads it and navigates, nothing else.
//! At start-up behind the prerendered page it also builds its cards in
//! steps and then hands over (see [`crate::ui::boot`]).

use crate::core::french;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::plan::reading::Marks;
use crate::core::plan::search::Query;
use crate::core::plan::text::{tokenize, Token};
use crate::core::plan::{Erratum, Measure, MeasureNo, TextPart};
use crate::core::view::listing::{self, FacetView, Facts, Listing};
use crate::core::view::route::{Facet, Handout, ListState, Route, Sort};
use std::ops::Range;

use crate::core::wording::{movement_text, movements_summary, partial_answer};
use crate::ui::boot;
use crate::ui::context::{ctx, Ctx};
use crate::ui::lazy;
use crate::ui::router::{History, Router};
use crate::ui::screens::widgets::{
    focus_id, highlighted, movement_class, plan_text, progress_bar, status_chip, typing_in_field,
    Tags,
};

const SEARCH_ID: &str = "recherche";
/// Cards rendered at once; the plan's 55 measures always fit in one page.
const PAGE: usize = 100;
/// New cards built per task while the app starts behind the prerendered
/// page: small enough that no task blocks a slow phone for long.
const START_STEP: usize = 3;
/// New cards a search or filter builds in the frame that answers it: more
/// than a 1080-pixel-high screen shows. The rest follow in later tasks.
const ANSWER_STEP: usize = 12;
/// A step quicker than this doubles the next (see [`build_in_steps`]).
const QUICK_STEP_MS: f64 = 12.0;

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

/// The search box: every keystroke filters (and rewrites the address).
#[component]
fn SearchBar(
    state: Memo<ListState>,
    typing: StoredValue<bool>,
    navigate: impl Fn(ListState, History) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let router = ctx().router;
    let on_input = move |ev: leptos::ev::Event| {
        let mut next = state.get_untracked();
        next.query = event_target_value(&ev);
        let mode = if typing.get_value() { History::Replace } else { History::Push };
        router.go(Route::List(next), mode);
        typing.set_value(true);
    };
    let on_search_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !state.with_untracked(|s| s.query.is_empty()) {
            ev.prevent_default();
            let mut next = state.get_untracked();
            next.query.clear();
            navigate(next, History::Push);
        }
    };
    view! {
        <search class="search-bar" aria-label="Rechercher dans le plan">
            <label for=SEARCH_ID>"Rechercher"</label>
            <div class="search-field">
                <input
                    id=SEARCH_ID
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="Mot, sigle ou «\u{202f}expression exacte\u{202f}»"
                    aria-describedby="aide-recherche"
                    prop:value=move || state.with(|s| s.query.clone())
                    on:input=on_input
                    on:keydown=on_search_key
                />
                <kbd class="search-key" aria-hidden="true">
                    "/"
                </kbd>
            </div>
            <p id="aide-recherche" class="hint">
                "Accents, majuscules, pluriel et genre indifférents\u{202f}; mots du métier \
                 compris\u{202f}; «\u{202f}OU\u{202f}» ou «\u{202f}|\u{202f}» entre deux \
                 mots pour l’un ou l’autre\u{202f}; «\u{202f}-mot\u{202f}» l’exclut\u{202f}; \
                 guillemets pour une expression exacte. Touche «\u{202f}/\u{202f}» pour \
                 revenir ici, Échap pour effacer."
            </p>
        </search>
    }
}

/// How many measures show, what to do with them, the order, the filters in
/// force and what moved since the baseline.
#[component]
fn ResultsBar(
    listing: Memo<Listing>,
    facts: Memo<Facts>,
    state: Memo<ListState>,
    navigate: impl Fn(ListState, History) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let Ctx { plan, exchange, store, .. } = ctx();
    let csv_error = RwSignal::new(None::<crate::ui::download::ExportError>);
    let count_text = move || {
        let (shown, partial) = listing.with(|l| (l.visible.len(), l.partial.is_some()));
        let total = plan.measures.len();
        if shown == total {
            french::plural(total, "mesure", "mesures")
        } else if partial {
            format!(
                "{} sur {}, avec une partie des mots",
                french::plural(shown, "mesure", "mesures"),
                french::integer(total)
            )
        } else {
            format!("{} sur {}", french::plural(shown, "mesure", "mesures"), french::integer(total))
        }
    };
    let mine = Memo::new(move |_| store.document().with(|d| listing::mine(d.author(), d.team())));
    let selection_deck = move || {
        Route::Presentation { slide: 1, selection: Some(state.get()), presenter: false }.to_hash()
    };
    view! {
        <div class="results-bar">
            <p class="count" role="status" aria-live="polite">
                {count_text}
            </p>
            <div class="button-row">
                {move || {
                    mine.get()
                        .map(|mine| {
                            let href = Route::List(mine.clone()).to_hash();
                            let current = move || state.with(|s| *s == mine);
                            view! {
                                <a
                                    class="button-quiet"
                                    href=href
                                    aria-current=move || current().then_some("page")
                                    title="Les mesures dont vous êtes pilote (nom ou service des paramètres)"
                                >
                                    "Mes mesures"
                                </a>
                            }
                        })
                }} <a class="button-quiet" href=selection_deck>
                    "Présenter la sélection"
                </a>
                <a
                    class="button-quiet"
                    href=move || Route::Handout(Handout::Selection(state.get())).to_hash()
                >
                    "Dossier imprimable"
                </a>
                <button
                    type="button"
                    class="button-quiet"
                    on:click=move |_| {
                        crate::ui::lazy::export_csv(
                            listing.with_untracked(|l| l.visible.clone()),
                            csv_error,
                        )
                    }
                >
                    "Exporter en CSV"
                </button>
            </div>
            <label class="sort">
                "Trier par "
                <select on:change=move |ev| {
                    let mut next = state.get_untracked();
                    next.sort = Sort::from_key(&event_target_value(&ev)).unwrap_or_default();
                    navigate(next, History::Push);
                }>
                    {Sort::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option
                                    value=s.key()
                                    selected=move || state.with(|st| st.sort == s)
                                    prop:selected=move || state.with(|st| st.sort == s)
                                >
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
        <ActiveFilters state facts navigate />
        <p class="form-error" role="alert">
            {move || csv_error.get().map(|e| e.to_string())}
        </p>
        {move || {
            exchange
                .moved
                .get()
                .map(|m| {
                    view! {
                        <p class="baseline-summary">
                            <strong>{movements_summary(&m.since, &m.movements)}</strong>
                            " · "
                            <a href=Route::Exchange.to_hash()>"Référence"</a>
                        </p>
                    }
                })
        }}
    }
}

/// A `<details>` whose content is only built the first time it opens: the
/// folded facets (and the whole panel on phones) cost nothing at start-up.
#[component]
fn Folded(
    class: &'static str,
    open: bool,
    summary: AnyView,
    children: ChildrenFn,
) -> impl IntoView {
    let opened = RwSignal::new(open);
    view! {
        <details
            class=class
            open=open
            on:toggle=move |ev| {
                let open = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                    .is_some_and(|d| d.open());
                if open && !opened.get_untracked() {
                    opened.set(true);
                }
            }
        >
            <summary>{summary}</summary>
            <Show when=move || opened.get()>{children()}</Show>
        </details>
    }
}

fn wide_screen() -> bool {
    window().match_media("(min-width: 52rem)").ok().flatten().is_some_and(|m| m.matches())
}

/// Measures grouped under their objective when in plan order, flat otherwise.
#[component]
fn Results(
    listing: Memo<Listing>,
    state: Memo<ListState>,
    parsed: Memo<Query>,
    highlighter: Memo<crate::core::plan::search::Highlighter>,
    /// The cards on screen, in order.
    shown: Memo<Vec<MeasureNo>>,
    /// How many cards the page holds.
    paged: Memo<usize>,
    /// The state the reader asked more cards for, and how many.
    extended: RwSignal<(ListState, usize)>,
) -> impl IntoView {
    let plan = ctx().plan;
    // One group per objective: the keys of the outer <For>.
    let groups = Memo::new(move |_| {
        let by_objective = state.with(|s| s.sort == Sort::Number) && !listing.with(|l| l.ranked);
        shown.with(|shown| listing::groups(plan, shown, by_objective))
    });
    let objectives = move || groups.with(|g| g.iter().map(|(o, _)| *o).collect::<Vec<_>>());
    view! {
        <For
            each=objectives
            key=|objective| *objective
            children=move |objective| {
                let items = move || {
                    groups
                        .with(|g| {
                            g.iter()
                                .find(|(o, _)| *o == objective)
                                .map(|(_, items)| items.clone())
                                .unwrap_or_default()
                        })
                };
                let heading = objective
                    .and_then(|o| plan.objective(o))
                    .map(|o| {
                        view! {
                            <h2 class="objective-title" id=format!("objectif-{}", o.number)>
                                <span class="objective-number">
                                    {format!("Objectif {}", o.number)}
                                </span>
                                <span class="objective-text">
                                    {highlight_signal(&o.title, highlighter)}
                                </span>
                            </h2>
                        }
                    });
                view! {
                    <section
                        class="objective"
                        aria-labelledby=objective.map(|o| format!("objectif-{o}"))
                    >
                        {heading}
                        <ol class="measures" role="list">
                            <For
                                each=items
                                key=|n| *n
                                children=move |n| {
                                    view! {
                                        <li>
                                            <MeasureCard
                                                number=n
                                                parsed
                                                highlighter
                                                under_objective=objective.is_some()
                                            />
                                        </li>
                                    }
                                }
                            />
                        </ol>
                    </section>
                }
            }
        />
        {move || {
            let remaining = listing.with(|l| l.visible.len()).saturating_sub(paged.get());
            (remaining > 0)
                .then(|| {
                    view! {
                        <p class="more">
                            <button
                                type="button"
                                class="button-quiet"
                                on:click=move |_| {
                                    extended
                                        .set((state.get_untracked(), paged.get_untracked() + PAGE))
                                }
                            >
                                {format!(
                                    "Afficher {} mesures de plus ({} restantes)",
                                    remaining.min(PAGE),
                                    french::integer(remaining),
                                )}
                            </button>
                        </p>
                    }
                })
        }}
    }
}

/// Lets `shown` grow one step per task until it is `whole`, a step that
/// took little time (a fast machine) doubling the next, so that a desktop is
/// not held back by steps sized for a slow phone; then, at start-up, hands
/// over from the prerendered page, even when there is nothing to build (an
/// address whose search finds nothing). Whole, the next change of the list
/// (a keystroke) may build [`ANSWER_STEP`] new cards before the next task.
fn build_in_steps(
    step: RwSignal<usize>,
    whole: impl Fn() -> bool + Copy + 'static,
    router: Router,
) {
    let now = || window().performance().map_or(0.0, |p| p.now());
    let pending = StoredValue::new(false);
    Effect::new(move |_| {
        if whole() {
            step.update_untracked(|n| *n = ANSWER_STEP);
            boot::reveal(Some(router));
            return;
        }
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        let asked = now();
        set_timeout(
            move || {
                if step.try_get_untracked().is_none() {
                    return; // The list was left before it was whole.
                }
                pending.set_value(false);
                if untrack(whole) {
                    return; // A keystroke made it whole meanwhile.
                }
                // The last step's cards were built between `asked` and now.
                let quick = now() - asked < QUICK_STEP_MS;
                step.update(|n| *n = if quick { n.saturating_mul(2) } else { *n });
            },
            std::time::Duration::ZERO,
        );
    });
}

fn highlight_signal(
    text: &'static str,
    highlighter: Memo<crate::core::plan::search::Highlighter>,
) -> impl IntoView {
    move || highlighter.with(|h| highlighted(text, h))
}

/// The ranges a card highlights in its title and in its text.
type CardMarks = (Vec<Range<usize>>, Vec<Range<usize>>);

/// What a card's title and text highlight, as one memo per card: a
/// keystroke that changes neither re-renders nothing in the card. Each text
/// is tokenised once, on the card's first search.
fn card_marks(
    measure: &'static Measure,
    highlighter: Memo<crate::core::plan::search::Highlighter>,
) -> Memo<CardMarks> {
    let tokens = StoredValue::new(None::<(Vec<Token>, Vec<Token>)>);
    Memo::new(move |_| {
        highlighter.with(|h| {
            if h.is_empty() {
                return (Vec::new(), Vec::new());
            }
            tokens.update_value(|t| {
                t.get_or_insert_with(|| (tokenize(&measure.short_title), tokenize(&measure.text)));
            });
            tokens.with_value(|t| {
                t.as_ref().map_or_else(Default::default, |(title, text)| {
                    (h.ranges_in(title), h.ranges_in(text))
                })
            })
        })
    })
}

#[component]
fn MeasureCard(
    number: MeasureNo,
    parsed: Memo<Query>,
    highlighter: Memo<crate::core::plan::search::Highlighter>,
    /// Under its objective's heading; otherwise the card names it.
    under_objective: bool,
) -> impl IntoView {
    let Ctx { plan, store, exchange, today, index, thesaurus, .. } = ctx();
    let moved = exchange.moved;
    let Some(measure) = plan.measure(number) else { return ().into_any() };
    let href = Route::Measure(number).to_hash();
    let marks = card_marks(measure, highlighter);
    let errata: Vec<&'static Erratum> = plan.errata_in(TextPart::Measure(number)).collect();
    let title = move || {
        marks.with(|(title, _)| {
            plan_text(&measure.short_title, Marks { matches: title, ..Marks::default() })
        })
    };
    let text = move || {
        marks.with(|(_, text)| {
            plan_text(&measure.text, Marks { matches: text, errata: &errata, ..Marks::default() })
        })
    };
    view! {
        <article
            class="measure"
            id=format!("mesure-{number}")
            aria-labelledby=format!("titre-mesure-{number}")
        >
            <header class="measure-head">
                <a class="measure-number" href=href.clone()>
                    {format!("Mesure {number}")}
                </a>
                <h3 id=format!("titre-mesure-{number}") class="measure-title">
                    <a href=href>{title}</a>
                </h3>
            </header>
            {(!under_objective)
                .then(|| {
                    plan.objective(measure.objective)
                        .map(|o| {
                            view! {
                                <p class="measure-objective">
                                    {format!("Objectif {} · {}", o.number, o.short_title)}
                                </p>
                            }
                        })
                })}
            <p class="measure-text">{text}</p>
            // The words the thesaurus found this measure by, when the
            // query's own words are not in it.
            {move || {
                let ready = thesaurus.get();
                let found = parsed
                    .with(|q| lazy::found_by(index, usize::from(number) - 1, q, ready));
                (!found.is_empty())
                    .then(|| {
                        view! { <p class="found-by">"Trouvé par\u{a0}: "{found.join(" · ")}</p> }
                    })
            }}
            <Tags measure />
            {move || {
                moved
                    .with(|m| {
                        m.as_ref()
                            .and_then(|m| {
                                m.movements
                                    .iter()
                                    .find(|x| x.measure == number)
                                    .map(|x| {
                                        let class = format!(
                                            "movement {}",
                                            movement_class(x.direction),
                                        );
                                        view! {
                                            <p class=class>
                                                "Depuis la référence\u{a0}: "{movement_text(x)}
                                            </p>
                                        }
                                    })
                            })
                    })
            }}
            {move || {
                store
                    .document()
                    .with(|d| d.annotation(number).filter(|a| !a.is_blank()).cloned())
                    .map(|a| {
                        view! {
                            <dl class="measure-tracking">
                                <div>
                                    <dt class="visually-hidden">"Statut"</dt>
                                    <dd>{status_chip(a.status())}</dd>
                                </div>
                                <div>
                                    <dt class="visually-hidden">"Avancement"</dt>
                                    <dd>{progress_bar(a.progress())}</dd>
                                </div>
                                {(!a.pilote().is_empty())
                                    .then(|| {
                                        view! {
                                            <div>
                                                <dt>"Pilote"</dt>
                                                <dd>
                                                    <bdi>{a.pilote().to_owned()}</bdi>
                                                </dd>
                                            </div>
                                        }
                                    })}
                                {a
                                    .due()
                                    .map(|d| {
                                        let late = a.is_overdue(today.get());
                                        view! {
                                            <div>
                                                <dt>"Échéance"</dt>
                                                <dd>
                                                    {d.french()}
                                                    {late
                                                        .then(|| {
                                                            view! {
                                                                <strong class="overdue">" ⚠\u{a0}en retard"</strong>
                                                            }
                                                        })}
                                                </dd>
                                            </div>
                                        }
                                    })}
                                {(!a.conflicts().is_empty())
                                    .then(|| {
                                        view! {
                                            <div class="conflict-chip">
                                                <dt class="visually-hidden">"Conflit"</dt>
                                                <dd>
                                                    <a href=Route::Measure(number).to_hash()>
                                                        <span aria-hidden="true">"⚠ "</span>
                                                        "Conflit à résoudre"
                                                    </a>
                                                </dd>
                                            </div>
                                        }
                                    })}
                            </dl>
                        }
                    })
            }}
        </article>
    }
    .into_any()
}

#[component]
fn FacetGroup(
    facet: Facet,
    listing: Memo<Listing>,
    facts: Memo<Facts>,
    state: Memo<ListState>,
    navigate: impl Fn(ListState, History) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let plan = ctx().plan;
    // The options never change; only their counts and ticks do, so the
    // checkboxes stay in place (and keep focus) while the list updates.
    let option = move |i: usize| {
        listing.with(|l| {
            l.facets
                .iter()
                .find(|f| f.facet == facet)
                .and_then(|FacetView { options, .. }| options.get(i))
                .map(|o| (o.count, o.selected))
        })
    };
    let initially_open = matches!(facet, Facet::Objective | Facet::Theme | Facet::Status)
        || state.with_untracked(|s| s.selected.contains_key(facet));
    // Only the pilotes change (with the annotations), and rarely.
    let options = Memo::new(move |_| facts.with(|f| f.options(facet).to_vec()));
    view! {
        <Folded
            class="facet"
            open=initially_open
            summary=view! {
                {facet.label()}
                {move || {
                    let n = state.with(|s| s.selected.get(facet).map_or(0, |v| v.len()));
                    (n > 0)
                        .then(|| {
                            view! {
                                <span class="facet-badge">
                                    {format!("{n} choisi{}", french::s(n))}
                                </span>
                            }
                        })
                }}
            }
                .into_any()
        >
            <fieldset>
                <legend class="visually-hidden">
                    {format!("Filtrer par {}", facet.label().to_ascii_lowercase())}
                </legend>
                <ul role="list">
                    {move || {
                        options
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, (value, label))| {
                                let id = format!("facette-{}-{i}", facet.key());
                                let count = move || option(i).map_or(0, |(c, _)| c);
                                let checked = move || option(i).is_some_and(|(_, s)| s);
                                let disabled = move || count() == 0 && !checked();
                                let definition = listing::facet_definition(plan, facet, &value);
                                view! {
                                    <li class:disabled=disabled>
                                        <input
                                            type="checkbox"
                                            id=id.clone()
                                            prop:checked=checked
                                            disabled=disabled
                                            on:change=move |_| navigate(
                                                state.get_untracked().toggled(facet, &value),
                                                History::Push,
                                            )
                                        />
                                        <label for=id title=definition>
                                            <span class="option-label">{label}</span>
                                            <span class="option-count">
                                                <span class="visually-hidden">" — "</span>
                                                {count}
                                                <span class="visually-hidden">
                                                    {move || format!(" mesure{}", french::s(count()))}
                                                </span>
                                            </span>
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </fieldset>
        </Folded>
    }
}

#[component]
fn ActiveFilters(
    state: Memo<ListState>,
    facts: Memo<Facts>,
    navigate: impl Fn(ListState, History) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let chips = move || {
        state.with(|s| {
            s.selected
                .iter()
                .flat_map(|(facet, ids)| {
                    facts.with(|f| {
                        ids.iter()
                            .filter_map(|id| match f.options(facet).iter().find(|(o, _)| o == id) {
                                Some((_, label)) => Some((facet, id.clone(), label.clone())),
                                // A pilote no measure names any more stays
                                // removable.
                                None if facet == Facet::Pilote => {
                                    Some((facet, id.clone(), id.clone()))
                                }
                                None => None,
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || state.with(ListState::is_filtered)>
            <div class="active-filters">
                <h2 class="visually-hidden">"Filtres actifs"</h2>
                <ul role="list">
                    {move || {
                        chips()
                            .into_iter()
                            .map(|(facet, id, label)| {
                                let aria = format!(
                                    "Retirer le filtre {}\u{a0}: {label}",
                                    facet.label(),
                                );
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="chip"
                                            aria-label=aria
                                            on:click=move |_| navigate(
                                                state.get_untracked().toggled(facet, &id),
                                                History::Push,
                                            )
                                        >
                                            <span class="chip-facet">{facet.label()}"\u{a0}: "</span>
                                            {label}
                                            <span class="chip-x" aria-hidden="true">
                                                " ×"
                                            </span>
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <button
                    type="button"
                    class="button-link"
                    on:click=move |_| navigate(state.get_untracked().cleared(), History::Push)
                >
                    "Tout effacer"
                </button>
            </div>
        </Show>
    }
}
