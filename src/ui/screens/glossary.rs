//! The glossary screen: every acronym of the plan, its expansion, and links
//! to the measures that use it.

use crate::core::french;
use leptos::prelude::*;

use crate::core::plan::reading::typeset_all;
use crate::core::plan::GlossarySource;
use crate::core::view::route::Route;

use crate::ui::context::ctx;

#[component]
pub fn GlossaryPage() -> impl IntoView {
    let plan = ctx().plan;
    let entries = plan
        .glossary
        .iter()
        .enumerate()
        .map(|(g, entry)| {
            let uses: Vec<_> = plan
                .measures_using(g)
                .map(|m| {
                    let label = format!("Mesure {}\u{a0}: {}", m.number, m.short_title);
                    view! {
                        <li>
                            <a
                                href=Route::Measure(m.number).to_hash()
                                title=label.clone()
                                aria-label=label
                            >
                                {m.number}
                            </a>
                        </li>
                    }
                })
                .collect();
            let source = match entry.source {
                GlossarySource::Plan => "Développé dans le plan",
                GlossarySource::Usage => "Développement usuel (le plan ne le donne pas)",
            };
            let used = if uses.is_empty() {
                view! {
                    <p class="muted">
                        "Cité dans la présentation du plan, \
                         dans aucune mesure."
                    </p>
                }
                .into_any()
            } else {
                let n = uses.len();
                view! {
                    <p class="uses-label">
                        {format!("Dans {}\u{a0}:", french::plural(n, "mesure", "mesures"))}
                    </p>
                    <ul class="uses" role="list">
                        {uses}
                    </ul>
                }
                .into_any()
            };
            view! {
                <section
                    class="glossary-entry"
                    id=format!("sigle-{}", entry.term.to_ascii_lowercase())
                >
                    <h2>
                        <abbr title=entry.expansion.clone()>{entry.term.clone()}</abbr>
                    </h2>
                    <p class="expansion">{entry.expansion.clone()}</p>
                    {(!entry.aliases.is_empty())
                        .then(|| {
                            let aliases = entry
                                .aliases
                                .iter()
                                .map(|a| french::quoted(a))
                                .collect::<Vec<_>>()
                                .join(", ");
                            view! {
                                <p class="aliases">{format!("Aussi écrit\u{a0}: {aliases}")}</p>
                            }
                        })}
                    {entry.note.as_deref().map(|n| view! { <p class="note">{typeset_all(n)}</p> })}
                    <p class="muted source">{source}</p>
                    {used}
                </section>
            }
        })
        .collect_view();
    view! {
        <main id="contenu" class="page page-glossary" tabindex="-1">
            <h1>"Glossaire des sigles"</h1>
            <p class="lede">
                {format!(
                    "{} employés dans le plan, avec les mesures qui les citent.",
                    french::plural(plan.glossary.len(), "sigle", "sigles"),
                )}
            </p>
            <div class="glossary">{entries}</div>
        </main>
    }
}
