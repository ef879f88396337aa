//! The presentation screen: the deck of [`crate::core::briefing::deck`] laid out as
//! 16:9 slides for a projector, one component per kind of slide, driven from
//! the keyboard or a presenter's clicker ([`Action`]). The slide number lives
//! in the URL, so a reload keeps the place. Notes stay off the projector
//! unless asked for (key N). A speaker's window (`vue=presentateur`: current
//! and next slide, the measure's notes and history, a clock and a timer)
//! stays in step with the room's window through a BroadcastChannel.

use crate::core::french;
use leptos::prelude::*;

use crate::core::briefing::deck::{
    abridge, clock_face, plan_deck, selection_deck, Action, Slide, Stopwatch,
};
use crate::core::briefing::stats::Stats;
use crate::core::briefing::timeline::timeline;
use crate::core::date::{french_datetime, french_time};
use crate::core::files::exchange::Movement;
use crate::core::plan::MeasureNo;
use crate::core::record::annotations::{Annotation, Field};
use crate::core::record::status::Status;
use crate::core::view::listing;
use crate::core::view::route::{ListState, Route};
use crate::core::wording::{describe, movement_text, movements_summary};

use crate::core::plan::reading::typeset_all;
use crate::ui::clock::{now, zone};
use crate::ui::context::{ctx, Ctx};
use crate::ui::lazy;
use crate::ui::router::{History, Router};
use crate::ui::screens::timeline::{TimelineChart, TimelineLegend};
use crate::ui::screens::widgets::{measure_text, movement_class, progress_bar, status_chip};

/// The deck on screen: its slides, where it stands, and what the room
/// sees (blank screen, notes, a slide number being typed). `Copy`, so that
/// the page and its bar share it.
#[derive(Clone, Copy)]
struct Deck {
    slides: Memo<Vec<Slide>>,
    slide: Memo<usize>,
    selection: Memo<Option<ListState>>,
    presenter: Memo<bool>,
    blank: RwSignal<bool>,
    /// Notes are the team's working words: off the projector unless asked for.
    notes: RwSignal<bool>,
    typed: RwSignal<String>,
    router: Router,
}

impl Deck {
    fn new(slide: Memo<usize>, selection: Memo<Option<ListState>>, presenter: Memo<bool>) -> Deck {
        let Ctx { plan, index, router, store, today, exchange, thesaurus } = ctx();
        let doc = store.document();
        let slides = Memo::new(move |_| {
            doc.with(|d| match selection.get() {
                Some(state) => {
                    let facts = listing::facts(plan, d.annotations(), d.team(), today.get());
                    let query = lazy::query(index, &state.query, thesaurus.get());
                    selection_deck(&listing::compute(plan, index, &state, &query, &facts).visible)
                }
                None => exchange.moved.with(|m| {
                    plan_deck(
                        plan,
                        d.annotations(),
                        today.get(),
                        m.as_ref().map(|m| m.movements.as_slice()),
                    )
                }),
            })
        });
        Deck {
            slides,
            slide,
            selection,
            presenter,
            blank: RwSignal::new(false),
            notes: RwSignal::new(false),
            typed: RwSignal::new(String::new()),
            router,
        }
    }

    fn total(self) -> usize {
        self.slides.with(Vec::len)
    }

    /// The slide shown: the address's, within the deck.
    fn current(self) -> usize {
        self.slide.get().clamp(1, self.total().max(1))
    }

    fn go(self, n: usize) {
        let n = n.clamp(1, self.slides.with_untracked(Vec::len).max(1));
        let route = Route::Presentation {
            slide: n,
            selection: self.selection.get_untracked(),
            presenter: self.presenter.get_untracked(),
        };
        self.router.go(route, History::Replace);
    }

    /// Slide `n` (from 1) laid out, if the deck has it.
    fn view_of(self, n: usize) -> Option<AnyView> {
        self.slides.with(|d| d.get(n - 1).cloned()).map(|s| slide_view(s, self.notes))
    }

    fn open_presenter(self) {
        let route = Route::Presentation {
            slide: self.slide.get_untracked(),
            selection: self.selection.get_untracked(),
            presenter: true,
        };
        window().open_with_url_and_target(&route.to_hash(), "vigie-presentateur").ok();
    }

    /// Back where the deck was opened from (the speaker's window closes).
    fn leave(self) {
        if self.presenter.get_untracked() {
            window().close().ok();
            return;
        }
        let back = self.selection.get_untracked().map_or(Route::Dashboard, Route::List);
        if document().fullscreen_element().is_some() {
            document().exit_fullscreen();
        }
        self.router.go(back, History::Push);
    }

    /// What a key or a clicker's button does.
    fn act(self, action: Action) {
        let here = self.slide.get_untracked().clamp(1, self.slides.with_untracked(Vec::len).max(1));
        match action {
            Action::Next => self.go(here + 1),
            Action::Previous => self.go(here.saturating_sub(1)),
            Action::First => self.go(1),
            Action::Last => self.go(usize::MAX),
            Action::Digit(d) => self.typed.update(|t| t.push(d)),
            Action::Go => {
                if let Ok(n) = self.typed.get_untracked().parse::<usize>() {
                    self.go(n);
                }
                self.typed.set(String::new());
            }
            Action::Leave => self.leave(),
            Action::Fullscreen => toggle_fullscreen(),
            Action::Blank => self.blank.update(|b| *b = !*b),
            Action::Notes => self.notes.update(|n| *n = !*n),
        }
    }
}

#[component]
pub fn PresentationPage(
    slide: Memo<usize>,
    selection: Memo<Option<ListState>>,
    presenter: Memo<bool>,
) -> impl IntoView {
    let deck = Deck::new(slide, selection, presenter);
    keep_in_step(slide, move |n| deck.go(n));
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let Some(action) = Action::from_key(&ev.key()) else { return };
        ev.prevent_default();
        deck.act(action);
    });
    on_cleanup(move || keys.remove());
    let measure_now =
        Memo::new(move |_| match deck.slides.with(|d| d.get(deck.current() - 1).cloned()) {
            Some(Slide::Measure(n)) => Some(n),
            _ => None,
        });
    // « N notes » is offered only where there are notes to show.
    let doc = ctx().store.document();
    let has_notes = Memo::new(move |_| {
        let n = measure_now.get();
        doc.with(|d| n.and_then(|n| d.annotation(n)).is_some_and(|a| !a.notes().trim().is_empty()))
    });

    view! {
        <main
            id="contenu"
            class="deck"
            class:deck-presenter=move || presenter.get()
            tabindex="-1"
            aria-roledescription="présentation"
            aria-label="Présentation du plan"
        >
            <div class="deck-stage">
                <section
                    class="slide"
                    class:slide-blank=move || deck.blank.get()
                    aria-live="polite"
                >
                    {move || deck.view_of(deck.current())}
                </section>
            </div>
            {move || presenter.get().then(|| view! { <NextSlide deck measure=measure_now /> })}
            <DeckBar deck has_notes />
        </main>
    }
}

/// The speaker's side: the next slide, the clock and the measure's notes.
#[component]
fn NextSlide(deck: Deck, measure: Memo<Option<MeasureNo>>) -> impl IntoView {
    view! {
        <aside class="deck-next" aria-label="Diapositive suivante">
            <p class="deck-next-label">
                {move || {
                    let (current, total) = (deck.current(), deck.total());
                    if current < total {
                        format!("Ensuite\u{a0}: {} / {}", current + 1, total)
                    } else {
                        "Dernière diapositive".to_owned()
                    }
                }}
            </p>
            <div class="deck-stage deck-stage-small" aria-hidden="true">
                <section class="slide">
                    {move || {
                        let (current, total) = (deck.current(), deck.total());
                        (current < total).then(|| deck.view_of(current + 1))
                    }}
                </section>
            </div>
            <SpeakerClock />
            <SpeakerNotes measure />
        </aside>
    }
}

/// The bar under the slides: previous and next, where the deck stands,
/// the keys, and the buttons for notes, the speaker's view and leaving.
#[component]
fn DeckBar(deck: Deck, has_notes: Memo<bool>) -> impl IntoView {
    let typed = deck.typed;
    view! {
        <div class="deck-bar">
            <button
                type="button"
                class="deck-button"
                aria-label="Diapositive précédente"
                on:click=move |_| deck.go(deck.current().saturating_sub(1))
            >
                "←"
            </button>
            <p class="deck-counter">
                {move || format!("{} / {}", deck.current(), deck.total())}
                {move || (!typed.get().is_empty()).then(|| format!(" → {}", typed.get()))}
            </p>
            <button
                type="button"
                class="deck-button"
                aria-label="Diapositive suivante"
                on:click=move |_| deck.go(deck.current() + 1)
            >
                "→"
            </button>
            <p class="deck-help">
                "← → pour avancer · " {move || has_notes.get().then_some("N notes · ")}
                "F plein écran · B écran noir · Échap pour quitter"
            </p>
            {move || {
                has_notes
                    .get()
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="deck-button"
                                aria-pressed=move || deck.notes.get().to_string()
                                title="Montrer les notes de la mesure sur la diapositive (touche N)"
                                on:click=move |_| deck.notes.update(|n| *n = !*n)
                            >
                                "Notes"
                            </button>
                        }
                    })
            }}
            {move || {
                (!deck.presenter.get())
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="deck-button"
                                on:click=move |_| deck.open_presenter()
                            >
                                "Vue présentateur"
                            </button>
                        }
                    })
            }}
            <button type="button" class="deck-button" on:click=move |_| deck.leave()>
                "Quitter"
            </button>
        </div>
    }
}

/// Keeps the room's window and the speaker's window on the same slide.
fn keep_in_step(slide: Memo<usize>, go: impl Fn(usize) + Copy + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new("vigie-presentation") else { return };
    let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
        move |ev: web_sys::MessageEvent| {
            if let Some(n) = ev.data().as_f64() {
                let n = n as usize;
                if n != slide.get_untracked() {
                    go(n);
                }
            }
        },
    );
    channel.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(on_message.as_ref())));
    let channel = StoredValue::new_local(channel);
    let on_message = StoredValue::new_local(on_message);
    // Tells the other window (outside world: an effect).
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

fn toggle_fullscreen() {
    let doc = document();
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        root.request_fullscreen().ok();
    }
}

fn slide_view(slide: Slide, notes: RwSignal<bool>) -> AnyView {
    match slide {
        Slide::Title => view! { <TitleSlide selection=None /> }.into_any(),
        Slide::OverTime => view! { <OverTimeSlide /> }.into_any(),
        Slide::SelectionTitle { measures } => {
            view! { <TitleSlide selection=Some(measures) /> }.into_any()
        }
        Slide::Objective(objective) => view! { <ObjectiveSlide objective /> }.into_any(),
        Slide::Attention { measures, page, pages } => {
            view! { <AttentionSlide measures page pages /> }.into_any()
        }
        Slide::SinceBaseline { movements, page, pages } => {
            view! { <SinceBaselineSlide movements page pages /> }.into_any()
        }
        Slide::Measure(number) => view! { <MeasureSlide number notes /> }.into_any(),
    }
}

/// "Points d’attention (2/3)" when a list runs over several slides.
fn paged(title: &str, page: usize, pages: usize) -> String {
    if pages > 1 {
        format!("{title} ({page}/{pages})")
    } else {
        title.to_owned()
    }
}

/// The annotation of `number` as it stands now (blank when never annotated).
fn annotation(number: MeasureNo) -> Annotation {
    let Ctx { plan, store, .. } = ctx();
    let blank = || plan.measure(number).map(Annotation::new).unwrap_or_default();
    store.document().with(|d| d.annotation(number).cloned()).unwrap_or_else(blank)
}

/// The plan's (or the selection's) title and the overall state.
#[component]
fn TitleSlide(selection: Option<Vec<MeasureNo>>) -> impl IntoView {
    let Ctx { plan, store, today, .. } = ctx();
    let heading = match &selection {
        Some(n) => format!("Sélection de {}", french::plural(n.len(), "mesure", "mesures")),
        None => plan.title.clone(),
    };
    move || {
        // A selection's figures are its own, not the plan's.
        let stats = store.document().with(|d| match &selection {
            Some(measures) => Stats::of_selection(plan, d.annotations(), today.get(), measures),
            None => Stats::compute(plan, d.annotations(), today.get(), 0),
        });
        let done = stats.count(Status::Realisee);
        let late = stats.overdue.len();
        view! {
            <div class="slide-title">
                <p class="slide-kicker">
                    {format!("Plan présenté le {} à {}", plan.date.french_long(), plan.place)}
                </p>
                <h1>{heading.clone()}</h1>
                <p class="slide-subtitle">{format!("Point au {}", today.get().french_long())}</p>
                <div class="slide-figures">
                    <p>
                        <span class="figure">{done}</span>
                        {format!(
                            "{} sur {}",
                            french::agreed(done, "réalisée", "réalisées"),
                            stats.total,
                        )}
                    </p>
                    <p>
                        <span class="figure">
                            {format!("{}\u{a0}%", french::decimal(stats.mean_progress))}
                        </span>
                        " d’avancement moyen"
                    </p>
                    <p>
                        <span class="figure">{stats.count(Status::EnDifficulte)}</span>
                        " en difficulté"
                    </p>
                    <p>
                        <span class="figure">{late}</span>
                        " en retard"
                    </p>
                </div>
                <ul class="slide-statuses" role="list">
                    {Status::ALL
                        .into_iter()
                        .map(|s| {
                            view! { <li>{status_chip(s)}" "<strong>{stats.count(s)}</strong></li> }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    }
}

/// The plan month by month: measures per status and the average progress.
#[component]
fn OverTimeSlide() -> impl IntoView {
    let Ctx { plan, store, today, .. } = ctx();
    let all: Vec<MeasureNo> = plan.measures.iter().map(|m| m.number).collect();
    let points = move || store.document().with(|d| timeline(plan, d, &all, today.get(), &zone));
    view! {
        <div class="slide-list">
            <p class="slide-kicker">"Le plan dans le temps"</p>
            <h1 class="slide-heading-small">
                "Mesures par statut et avancement moyen, mois par mois"
            </h1>
            <div class="slide-chart">
                {move || view! { <TimelineChart points=points() id="temps-diapo" height=330 /> }}
            </div>
            <TimelineLegend id="temps-diapo" />
        </div>
    }
}

/// One objective and its measures' status and progress, with the
/// objective over time.
#[component]
fn ObjectiveSlide(objective: u8) -> impl IntoView {
    let Ctx { plan, store, today, .. } = ctx();
    let Some(o) = plan.objective(objective) else { return ().into_any() };
    let measures: Vec<MeasureNo> = plan.measures_of(objective).map(|m| m.number).collect();
    // Each objective slide draws its own patterns (the speaker's view shows
    // two slides at once: the ids must differ).
    let id: &'static str = ["temps-o1", "temps-o2", "temps-o3", "temps-o4", "temps-o5", "temps-o6"]
        .get(usize::from(objective).saturating_sub(1))
        .copied()
        .unwrap_or("temps-o");
    let over_time = move || {
        let points = store.document().with(|d| timeline(plan, d, &measures, today.get(), &zone));
        (!points.is_empty()).then(|| view! { <TimelineChart points id height=210 /> })
    };
    let rows = move || {
        plan.measures_of(objective)
            .map(|m| {
                let a = annotation(m.number);
                view! {
                    <tr>
                        <th scope="row">{m.number}</th>
                        <td class="slide-measure-title">{m.short_title.clone()}</td>
                        <td>{status_chip(a.status())}</td>
                        <td>{progress_bar(a.progress())}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="slide-list">
            <div class="slide-objective-head">
                <div>
                    <p class="slide-kicker">{format!("Objectif {}", o.number)}</p>
                    <h1 class="slide-heading-small">{o.title.clone()}</h1>
                </div>
                <div class="slide-objective-chart">{over_time}</div>
            </div>
            <table class="slide-table">
                <caption class="visually-hidden">
                    {format!("Mesures de l’objectif {}", o.number)}
                </caption>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Measures in difficulty or overdue, one page of them.
#[component]
fn AttentionSlide(measures: Vec<MeasureNo>, page: usize, pages: usize) -> impl IntoView {
    let Ctx { plan, today, .. } = ctx();
    let empty = measures.is_empty();
    let rows = move || {
        measures
            .iter()
            .filter_map(|&n| plan.measure(n))
            .map(|m| {
                let a = annotation(m.number);
                let comment =
                    a.latest_comment().map(|(_, text)| french::quoted(&abridge(text, 90).0));
                view! {
                    <tr>
                        <th scope="row">{m.number}</th>
                        <td>
                            <span class="slide-measure-title">{m.short_title.clone()}</span>
                            {comment
                                .map(|c| {
                                    view! {
                                        <span class="slide-comment" dir="auto">
                                            {c}
                                        </span>
                                    }
                                })}
                        </td>
                        <td>{status_chip(a.status())}</td>
                        <td>
                            <bdi>{a.pilote().to_owned()}</bdi>
                        </td>
                        <td>{due_view(&a, today.get())}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="slide-list">
            <p class="slide-kicker">"En difficulté ou en retard"</p>
            <h1 class="slide-heading-small">{paged("Points d’attention", page, pages)}</h1>
            {if empty {
                view! { <p class="slide-empty">"Aucune mesure en difficulté ni en retard."</p> }
                    .into_any()
            } else {
                view! {
                    <table class="slide-table">
                        <thead>
                            <tr>
                                <th scope="col">
                                    <span class="visually-hidden">"Mesure"</span>
                                </th>
                                <th scope="col">"Mesure et dernier commentaire"</th>
                                <th scope="col">"Statut"</th>
                                <th scope="col">"Pilote"</th>
                                <th scope="col">"Échéance"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                    .into_any()
            }}
        </div>
    }
}

/// The due date, marked « en retard » in words (not only colour) once past
/// on an open measure.
fn due_view(a: &Annotation, today: crate::core::date::IsoDate) -> impl IntoView + use<> {
    let late = a.is_overdue(today);
    a.due().map(|d| {
        view! {
            <span class:slide-late=late>
                {d.french()} {late.then_some("\u{a0}⚠\u{a0}en retard")}
            </span>
        }
    })
}

/// What moved since the baseline, one page of it.
#[component]
fn SinceBaselineSlide(movements: Vec<Movement>, page: usize, pages: usize) -> impl IntoView {
    let Ctx { plan, exchange, .. } = ctx();
    let since = exchange
        .moved
        .with_untracked(|m| m.as_ref().map(|m| movements_summary(&m.since, &m.movements)));
    let rows = movements
        .iter()
        .map(|m| {
            let title = plan.measure(m.measure).map_or(String::new(), |x| x.short_title.clone());
            view! {
                <tr class=movement_class(m.direction)>
                    <th scope="row">{m.measure}</th>
                    <td class="slide-measure-title">{title}</td>
                    <td>{movement_text(m)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="slide-list">
            <p class="slide-kicker">{since.unwrap_or_default()}</p>
            <h1 class="slide-heading-small">{paged("Depuis le dernier point", page, pages)}</h1>
            <table class="slide-table">
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The longest measure text a room's slide shows whole (longer ones are
/// cut at a word, said so, and given whole to the speaker): what fits the
/// slide at the type a room reads from the back.
const ROOM_TEXT: usize = 420;

/// A measure text this short is set larger still.
const SHORT_TEXT: usize = 220;

/// One measure for a room: its text, where it stands (status, progress,
/// pilote, due date) and its latest comment; never the machinery (settled
/// conflicts, reverts, imports), which the speaker's view keeps.
#[component]
fn MeasureSlide(number: MeasureNo, notes: RwSignal<bool>) -> impl IntoView {
    let Ctx { plan, today, .. } = ctx();
    let Some(m) = plan.measure(number) else { return ().into_any() };
    // The room reads the measure from the back: a long text is cut where a
    // word ends, visibly, and the speaker has it whole.
    let (text, text_cut) = abridge(&m.text, ROOM_TEXT);
    // A short text takes the room the slide has.
    let text_class = if m.text.chars().count() <= SHORT_TEXT {
        "slide-text slide-text-large"
    } else {
        "slide-text"
    };
    let facts = move || {
        let a = annotation(number);
        let notes_shown = notes.get();
        let (notes, cut) = abridge(a.notes(), 420);
        view! {
            <div class="slide-facts">
                {status_chip(a.status())} {progress_bar(a.progress())}
                {(!a.pilote().is_empty())
                    .then(|| {
                        view! {
                            <span>
                                "Pilote\u{a0}: "<strong>
                                    <bdi>{a.pilote().to_owned()}</bdi>
                                </strong>
                            </span>
                        }
                    })}
                {a
                    .due()
                    .is_some()
                    .then(|| {
                        view! {
                            <span>
                                "Échéance\u{a0}: "<strong>{due_view(&a, today.get())}</strong>
                            </span>
                        }
                    })}
            </div>
            {a
                .latest_comment()
                .map(|(change, text)| {
                    view! {
                        <p class="slide-comment-line" dir="auto">
                            {format!(
                                "Dernier commentaire, de {} le {}\u{a0}: ",
                                change.by,
                                french_datetime(change.at.ms, &zone),
                            )}
                            {french::quoted(&abridge(text, 160).0)}
                        </p>
                    }
                })}
            {(notes_shown && !notes.is_empty())
                .then(|| {
                    view! {
                        <p class="slide-notes" dir="auto">
                            {notes}
                            {cut.then_some(" (notes abrégées)")}
                        </p>
                    }
                })}
        }
    };
    view! {
        <div class="slide-measure">
            <p class="slide-kicker">{format!("Mesure {} · Objectif {}", m.number, m.objective)}</p>
            <h1 class="slide-heading-small">{typeset_all(&m.short_title)}</h1>
            {if text_cut {
                view! {
                    <blockquote class="slide-text">
                        {typeset_all(&text)}
                        <span class="slide-cut">" (suite dans les notes du présentateur)"</span>
                    </blockquote>
                }
                    .into_any()
            } else {
                view! { <blockquote class=text_class>{measure_text(m)}</blockquote> }.into_any()
            }}
            {facts}
        </div>
    }
    .into_any()
}

/// The `n` latest changes of the fields `shown` keeps, newest first, one
/// line each: « 27/11/2026 à 14 h 05 · Claire Martin · Statut : … ».
fn history_lines(a: &Annotation, n: usize, shown: impl Fn(Field) -> bool) -> Vec<String> {
    a.all_entries()
        .rev()
        .filter(|e| shown(e.field()))
        .take(n)
        .map(|e| {
            format!(
                "{} · {} · {}",
                french_datetime(e.at.ms, &zone),
                e.by,
                describe(e, a.previous(e).as_ref())
            )
        })
        .collect()
}

/// The speaker's clock and elapsed-time timer (start, pause, reset).
#[component]
fn SpeakerClock() -> impl IntoView {
    let watch = RwSignal::new(Stopwatch::default());
    let tick = RwSignal::new(now());
    if let Ok(handle) =
        set_interval_with_handle(move || tick.set(now()), std::time::Duration::from_millis(500))
    {
        on_cleanup(move || handle.clear());
    }
    let elapsed = move || clock_face(watch.get().elapsed(tick.get()));
    view! {
        <div class="speaker-clock" role="group" aria-label="Horloge et minuteur">
            <p>
                <span class="muted-on-dark">"Heure "</span>
                <strong class="speaker-time">{move || french_time(tick.get(), &zone)}</strong>
            </p>
            <p>
                <span class="muted-on-dark">"Durée "</span>
                <strong class="speaker-time" role="timer" aria-label="Durée écoulée">
                    {elapsed}
                </strong>
            </p>
            <div class="speaker-buttons">
                <button
                    type="button"
                    class="deck-button"
                    on:click=move |_| {
                        let at = now();
                        tick.set(at);
                        watch.update(|w| *w = w.toggled(at));
                    }
                >
                    {move || match (watch.get().running(), watch.get().elapsed(tick.get()) > 0) {
                        (true, _) => "Pause",
                        (false, true) => "Reprendre",
                        (false, false) => "Démarrer",
                    }}
                </button>
                <button
                    type="button"
                    class="deck-button"
                    on:click=move |_| watch.set(Stopwatch::default())
                >
                    "Remettre à zéro"
                </button>
            </div>
        </div>
    }
}

/// The current measure's notes and recent history, for the speaker's eyes
/// only.
#[component]
fn SpeakerNotes(measure: Memo<Option<MeasureNo>>) -> impl IntoView {
    move || {
        let Some(number) = measure.get() else {
            return view! {
                <p class="speaker-notes muted-on-dark">
                    "Les notes et l’historique d’une mesure s’affichent ici sur ses diapositives."
                </p>
            }
            .into_any();
        };
        let a = annotation(number);
        // The whole history is the speaker's, never the room's.
        let history = history_lines(&a, usize::MAX, |f| !matches!(f, Field::Comment(_)));
        let text = ctx()
            .plan
            .measure(number)
            .filter(|m| abridge(&m.text, ROOM_TEXT).1)
            .map(|m| view! { <p class="speaker-notes-text">{typeset_all(&m.text)}</p> });
        view! {
            <section class="speaker-notes" aria-labelledby="titre-notes-orateur">
                {text
                    .map(|t| {
                        view! {
                            <h2>{format!("Texte entier de la mesure {number}")}</h2>
                            {t}
                        }
                    })}
                <h2 id="titre-notes-orateur">{format!("Notes de la mesure {number}")}</h2>
                {if a.notes().trim().is_empty() {
                    view! { <p class="muted-on-dark">"Aucune note."</p> }.into_any()
                } else {
                    view! {
                        <p class="speaker-notes-text" dir="auto">
                            {a.notes().to_owned()}
                        </p>
                    }
                        .into_any()
                }}
                <h3>"Historique"</h3>
                {if history.is_empty() {
                    view! { <p class="muted-on-dark">"Aucun changement enregistré."</p> }
                        .into_any()
                } else {
                    view! {
                        <ul role="list">
                            {history
                                .into_iter()
                                .map(|line| view! { <li>{line}</li> })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
        }
        .into_any()
    }
}
