//! The presentation screen: the deck of [`crate::core::deck`] laid out as
//! 16:9 slides for a projector, driven from the keyboard or a presenter's
//! clicker. The slide number lives in the URL, so a reload keeps the place.
//! A speaker's window (`vue=presentateur`: current and next slide) stays in
//! step with the room's window through a BroadcastChannel.

use leptos::prelude::*;

use crate::core::annotations::{Annotation, Field};
use crate::core::date::{french_datetime, IsoDate};
use crate::core::deck::{abridge, plan_deck, selection_deck, Slide};
use crate::core::exchange::summary;
use crate::core::listing;
use crate::core::route::{ListState, Route};
use crate::core::stats::{french_decimal, Stats};
use crate::core::status::Status;
use crate::core::wording::describe;

use super::clock::{today as today_here, zone};
use super::exchange::{exchange, movement_class, movement_text};
use super::widgets::{progress_bar, status_chip};
use super::{ctx, Ctx, History};

#[component]
pub fn PresentationPage(
    slide: Memo<usize>,
    selection: Memo<Option<ListState>>,
    presenter: Memo<bool>,
) -> impl IntoView {
    let Ctx { plan, index, router, store } = ctx();
    let moved = exchange().moved;
    let today = today_here();
    let doc = store.document();
    let deck = Memo::new(move |_| {
        doc.with(|d| match selection.get() {
            Some(state) => {
                let facts = listing::facts(plan, d.annotations());
                selection_deck(&listing::compute(plan, index, &state, &facts).visible)
            }
            None => {
                moved.with(|m| plan_deck(plan, d.annotations(), today, m.as_ref().map(|(_, list)| list.as_slice())))
            }
        })
    });
    let total = move || deck.with(Vec::len);
    let current = move || slide.get().clamp(1, total().max(1));
    let blank = RwSignal::new(false);
    let typed = RwSignal::new(String::new());

    let go = move |n: usize| {
        let n = n.clamp(1, deck.with_untracked(Vec::len).max(1));
        let route = Route::Presentation {
            slide: n,
            selection: selection.get_untracked(),
            presenter: presenter.get_untracked(),
        };
        router.go(route, History::Replace);
    };

    // Keep the room's window and the speaker's window on the same slide.
    if let Ok(channel) = web_sys::BroadcastChannel::new("vigie-presentation") {
        let on_message =
            wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(n) = ev.data().as_f64() {
                    let n = n as usize;
                    if n != slide.get_untracked() {
                        go(n);
                    }
                }
            });
        channel.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(on_message.as_ref())));
        let channel = StoredValue::new_local(channel);
        let on_message = StoredValue::new_local(on_message);
        Effect::new(move |_| {
            let n = slide.get() as f64;
            channel.with_value(|c| c.post_message(&n.into()).ok());
        });
        on_cleanup(move || {
            channel.with_value(|c| c.close());
            // The callback must outlive the channel's last message.
            on_message.dispose();
        });
    }
    let open_presenter = move |_| {
        let route =
            Route::Presentation { slide: slide.get_untracked(), selection: selection.get_untracked(), presenter: true };
        window().open_with_url_and_target(&route.to_hash(), "vigie-presentateur").ok();
    };

    let leave = move || {
        if presenter.get_untracked() {
            window().close().ok();
            return;
        }
        let back = match selection.get_untracked() {
            Some(state) => Route::List(state),
            None => Route::Dashboard,
        };
        if document().fullscreen_element().is_some() {
            document().exit_fullscreen();
        }
        router.go(back, History::Push);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let here = slide.get_untracked().clamp(1, deck.with_untracked(Vec::len).max(1));
        let key = ev.key();
        let handled = match key.as_str() {
            "ArrowRight" | "ArrowDown" | " " | "PageDown" => {
                go(here + 1);
                true
            }
            "ArrowLeft" | "ArrowUp" | "PageUp" => {
                go(here.saturating_sub(1));
                true
            }
            "Home" => {
                go(1);
                true
            }
            "End" => {
                go(usize::MAX);
                true
            }
            "Enter" => {
                if let Ok(n) = typed.get_untracked().parse::<usize>() {
                    go(n);
                }
                typed.set(String::new());
                true
            }
            "Escape" => {
                leave();
                true
            }
            "f" | "F" => {
                toggle_fullscreen();
                true
            }
            "b" | "B" | "." => {
                blank.update(|b| *b = !*b);
                true
            }
            k if k.len() == 1 && k.chars().all(|c| c.is_ascii_digit()) => {
                typed.update(|t| t.push_str(k));
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());

    let render_at = move |n: usize| {
        let Some(s) = deck.with(|d| d.get(n - 1).cloned()) else { return ().into_any() };
        doc.with(|d| render_slide(&s, d.annotations(), today, selection.get().is_some(), total())).into_any()
    };
    let render = move || render_at(current());

    view! {
        <main id="contenu" class="deck" class:deck-presenter=move || presenter.get() tabindex="-1" aria-roledescription="présentation" aria-label="Présentation du plan">
            <div class="deck-stage">
                <section class="slide" class:slide-blank=move || blank.get() aria-live="polite">
                    {render}
                </section>
            </div>
            {move || presenter.get().then(|| view! {
                <aside class="deck-next" aria-label="Diapositive suivante">
                    <p class="deck-next-label">{move || if current() < total() { format!("Ensuite : {} / {}", current() + 1, total()) } else { "Dernière diapositive".to_owned() }}</p>
                    <div class="deck-stage deck-stage-small" aria-hidden="true">
                        <section class="slide">{move || (current() < total()).then(|| render_at(current() + 1))}</section>
                    </div>
                </aside>
            })}
            <div class="deck-bar">
                <button type="button" class="deck-button" aria-label="Diapositive précédente" on:click=move |_| go(current().saturating_sub(1))>"←"</button>
                <p class="deck-counter">
                    {move || format!("{} / {}", current(), total())}
                    {move || (!typed.get().is_empty()).then(|| format!(" → {}", typed.get()))}
                </p>
                <button type="button" class="deck-button" aria-label="Diapositive suivante" on:click=move |_| go(current() + 1)>"→"</button>
                <p class="deck-help">"← → pour avancer · F plein écran · B écran noir · Échap pour quitter"</p>
                {move || (!presenter.get()).then(|| view! {
                    <button type="button" class="deck-button" on:click=open_presenter>"Vue présentateur"</button>
                })}
                <button type="button" class="deck-button" on:click=move |_| leave()>"Quitter"</button>
            </div>
        </main>
    }
}

fn toggle_fullscreen() {
    let doc = document();
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        root.request_fullscreen().ok();
    }
}

fn render_slide(
    slide: &Slide,
    annotations: &crate::core::document::Annotations,
    today: IsoDate,
    selection: bool,
    total: usize,
) -> AnyView {
    let Ctx { plan, .. } = ctx();
    let annotation = |n| annotations.get(n).cloned();
    match slide {
        Slide::Title => {
            let stats = Stats::compute(plan, annotations, today, 0);
            let heading = if selection {
                format!("Sélection de {} mesure{}", total - 1, if total > 2 { "s" } else { "" })
            } else {
                plan.title.clone()
            };
            view! {
                <div class="slide-title">
                    <p class="slide-kicker">{format!("Plan présenté le {} à {}", plan.date.french_long(), plan.place)}</p>
                    <h1>{heading}</h1>
                    <p class="slide-subtitle">{format!("Point au {}", today.french_long())}</p>
                    <div class="slide-figures">
                        <p><span class="figure">{stats.count(Status::Realisee)}</span>{format!("{} sur {}", if stats.count(Status::Realisee) > 1 { "réalisées" } else { "réalisée" }, stats.total)}</p>
                        <p><span class="figure">{format!("{}\u{a0}%", french_decimal(stats.mean_progress))}</span>" d’avancement moyen"</p>
                        <p><span class="figure">{stats.count(Status::EnDifficulte)}</span>" en difficulté"</p>
                    </div>
                    <ul class="slide-statuses" role="list">
                        {Status::ALL.into_iter().map(|s| view! { <li>{status_chip(s)}" "<strong>{stats.count(s)}</strong></li> }).collect_view()}
                    </ul>
                </div>
            }
            .into_any()
        }
        Slide::Objective(o) => {
            let objective = plan.objective(*o).expect("deck objectives exist");
            view! {
                <div class="slide-list">
                    <p class="slide-kicker">{format!("Objectif {}", objective.number)}</p>
                    <h1 class="slide-heading-small">{objective.title.clone()}</h1>
                    <table class="slide-table">
                        <caption class="visually-hidden">{format!("Mesures de l’objectif {}", objective.number)}</caption>
                        <tbody>
                            {plan.measures_of(*o).map(|m| {
                                let a = annotation(m.number);
                                view! {
                                    <tr>
                                        <th scope="row">{m.number}</th>
                                        <td class="slide-measure-title">{m.short_title.clone()}</td>
                                        <td>{status_chip(a.as_ref().map_or(Status::default(), |a| a.status()))}</td>
                                        <td>{progress_bar(a.as_ref().map_or(0, |a| a.progress()))}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }
        Slide::Attention { measures, page, pages } => {
            let heading = if *pages > 1 {
                format!("Points d’attention ({page}/{pages})")
            } else {
                "Points d’attention".to_owned()
            };
            let rows = measures
                .iter()
                .map(|&n| {
                    let m = plan.measure(n).expect("deck measures exist");
                    let a = annotation(n).unwrap_or_else(|| Annotation::new(m));
                    let late = a
                        .is_overdue(today)
                        .then(|| format!("échéance dépassée ({})", a.due().map(|d| d.french()).unwrap_or_default()));
                    view! {
                        <tr>
                            <th scope="row">{n}</th>
                            <td class="slide-measure-title">{m.short_title.clone()}</td>
                            <td>{status_chip(a.status())}</td>
                            <td class="slide-late">{late}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="slide-list">
                    <p class="slide-kicker">"En difficulté ou en retard"</p>
                    <h1 class="slide-heading-small">{heading}</h1>
                    {if measures.is_empty() {
                        view! { <p class="slide-empty">"Aucune mesure en difficulté ni en retard."</p> }.into_any()
                    } else {
                        view! { <table class="slide-table"><tbody>{rows}</tbody></table> }.into_any()
                    }}
                </div>
            }
            .into_any()
        }
        Slide::SinceBaseline { movements, page, pages } => {
            let since =
                exchange().moved.with_untracked(|m| m.as_ref().map(|(s, all)| summary(s, all))).unwrap_or_default();
            let heading = if *pages > 1 {
                format!("Depuis le dernier point ({page}/{pages})")
            } else {
                "Depuis le dernier point".to_owned()
            };
            view! {
                <div class="slide-list">
                    <p class="slide-kicker">{since}</p>
                    <h1 class="slide-heading-small">{heading}</h1>
                    <table class="slide-table">
                        <tbody>
                            {movements.iter().map(|m| {
                                let title = plan.measure(m.measure).map_or(String::new(), |x| x.short_title.clone());
                                let class = movement_class(m.direction);
                                view! { <tr class=class><th scope="row">{m.measure}</th><td class="slide-measure-title">{title}</td><td>{movement_text(m)}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }
        Slide::Measure(n) => {
            let m = plan.measure(*n).expect("deck measures exist");
            let a = annotation(*n).unwrap_or_else(|| Annotation::new(m));
            let (notes, cut) = abridge(a.notes(), 420);
            // The two latest changes of status or progress, newest first.
            let latest: Vec<String> = a
                .all_entries()
                .rev()
                .filter(|e| matches!(e.field(), Field::Status | Field::Progress))
                .take(2)
                .map(|e| {
                    format!("{} · {} · {}", french_datetime(e.at.ms, &zone), e.by, describe(e, a.previous(e).as_ref()))
                })
                .collect();
            view! {
                <div class="slide-measure">
                    <p class="slide-kicker">{format!("Mesure {} · Objectif {}", m.number, m.objective)}</p>
                    <h1 class="slide-heading-small">{m.short_title.clone()}</h1>
                    <blockquote class="slide-text">{m.text.clone()}</blockquote>
                    <div class="slide-facts">
                        {status_chip(a.status())}
                        {progress_bar(a.progress())}
                        {(!a.pilote().is_empty()).then(|| view! { <span>"Pilote : "<strong>{a.pilote().to_owned()}</strong></span> })}
                        {a.due().map(|d| view! { <span>"Échéance : "<strong>{d.french()}</strong></span> })}
                    </div>
                    {(!latest.is_empty()).then(|| view! {
                        <ul class="slide-history" role="list">
                            {latest.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                        </ul>
                    })}
                    {(!notes.is_empty()).then(|| view! {
                        <p class="slide-notes">{notes}{cut.then_some(" (notes abrégées)")}</p>
                    })}
                </div>
            }
            .into_any()
        }
    }
}
