//! The measures found: pages of cards built a few at a time (so that a
//! keystroke answers within a frame), each with its highlighted title
//! and text, its state and how it was found.

use super::{ANSWER_STEP, PAGE, QUICK_STEP_MS};
use leptos::prelude::*;

use crate::core::plan::reading::Marks;
use crate::core::plan::search::Query;
use crate::core::plan::text::{tokenize, Token};
use crate::core::plan::{Erratum, Measure, MeasureNo, TextPart};
use crate::core::view::listing::{self, Listing};
use crate::core::view::route::{ListState, Route, Sort};
use std::ops::Range;

use crate::core::wording::{self, movement_text};
use crate::ui::boot;
use crate::ui::context::{ctx, Ctx};
use crate::ui::lazy;
use crate::ui::router::Router;
use crate::ui::screens::widgets::{
    highlighted, movement_class, plan_text, progress_bar, status_chip, Tags,
};

/// Measures grouped under their objective when in plan order, flat otherwise.
#[component]
pub(super) fn Results(
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
                                {wording::show_more(remaining.min(PAGE), remaining)}
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
pub(super) fn build_in_steps(
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
