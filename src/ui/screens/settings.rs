//! The settings screen: the author who signs changes (saved as typed), the
//! annotations' export, and the copies of unreadable data set aside.

use crate::core::french;
use leptos::prelude::*;

use crate::core::date::french_datetime;
use crate::core::files::persistence::{BackupKey, Usage, QUOTA_CHARS};
use crate::core::record::annotations::{Author, MAX_SHORT};
use crate::core::view::route::Route;

use crate::ui::clock::zone;
use crate::ui::context::{ctx, Ctx};
use crate::ui::download::{download_backup, export_annotations};
use crate::ui::screens::author::signed;
use crate::ui::storage;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let Ctx { plan, store, router, .. } = ctx();
    let author = move || store.document().with(|d| d.author().clone());
    // Opened from a measure (« Modifier l’auteur »): the way back to it.
    let back = move || match router.route().get() {
        Route::Settings { back: Some(n) } => Some(n),
        _ => None,
    };
    let backups = RwSignal::new(if storage::available() { storage::backups() } else { Vec::new() });
    let export_said = RwSignal::new(None::<crate::ui::download::Exported>);
    // Saved as typed: a name half typed when the tab closes is not lost.
    let set_name = move |name: String| store.set_author(Author { name, ..author() });
    let set_service = move |service: String| store.set_author(Author { service, ..author() });
    // Leaving the two fields signs, with the name as it now stands, the
    // changes made unsigned here and not exported (not at each keystroke,
    // nor between the name and the service).
    let trim = move |ev: leptos::ev::FocusEvent| {
        let author = Author {
            name: author().name.trim().to_owned(),
            service: author().service.trim().to_owned(),
        };
        let to = ev.related_target().and_then(|t| {
            wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok().map(|e| e.id())
        });
        if matches!(to.as_deref(), Some("auteur-nom" | "auteur-service")) || author.is_empty() {
            store.set_author(author)
        } else {
            store.sign_as(author)
        }
    };
    view! {
        <main id="contenu" class="page page-settings" tabindex="-1">
            {move || {
                back()
                    .map(|n| {
                        view! {
                            <p class="back-link">
                                <a href=Route::Measure(n)
                                    .to_hash()>{format!("← Revenir à la mesure {n}")}</a>
                            </p>
                        }
                    })
            }}
            <h1>"Paramètres"</h1>
            <section class="panel" aria-labelledby="titre-auteur">
                <h2 id="titre-auteur">"Auteur des modifications"</h2>
                <p class="muted">
                    "Votre nom et votre service signent l’historique de chaque mesure \
                     et vos exports. Ils restent dans ce navigateur."
                </p>
                <div class="field">
                    <label for="auteur-nom">"Nom"</label>
                    <input
                        type="text"
                        id="auteur-nom"
                        autocomplete="name"
                        dir="auto"
                        maxlength=MAX_SHORT
                        prop:disabled=move || store.read_only()
                        prop:value=move || author().name
                        on:input=move |ev| set_name(event_target_value(&ev))
                        on:blur=trim
                    />
                </div>
                <div class="field">
                    <label for="auteur-service">"Service"</label>
                    <input
                        type="text"
                        id="auteur-service"
                        autocomplete="organization"
                        dir="auto"
                        maxlength=MAX_SHORT
                        prop:disabled=move || store.read_only()
                        prop:value=move || author().service
                        on:input=move |ev| set_service(event_target_value(&ev))
                        on:blur=trim
                    />
                </div>
                <p>
                    "Signature actuelle\u{a0}: " <strong>
                        <bdi>{move || author().display()}</bdi>
                    </strong>
                </p>
            </section>
            <crate::ui::screens::team::TeamDirectory />
            <crate::ui::screens::folder::FolderSettings />
            <section class="panel" aria-labelledby="titre-donnees">
                <h2 id="titre-donnees">"Vos données"</h2>
                <p>
                    {move || {
                        let n = store.document().with(|d| d.annotations().annotated());
                        crate::core::wording::annotated_of(n, plan.measures.len())
                    }}
                </p>
                <p class="muted">
                    "Les annotations sont enregistrées dans ce navigateur (stockage local), \
                     jamais envoyées à un serveur. \
                     Pour les partager ou les sauvegarder, exportez-les."
                </p>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| signed(move || export_said.set(Some(export_annotations())))
                >
                    "Exporter les annotations (JSON)"
                </button>
                {crate::ui::screens::exchange::export_outcome(export_said)}
                <SpaceUsed backups />
            </section>
        </main>
        <crate::ui::screens::author::AuthorDialog />
    }
}

/// The space Vigie takes in this browser and its share of the quota, and
/// the copies set aside: each can be downloaded, then removed.
#[component]
fn SpaceUsed(backups: RwSignal<Vec<(BackupKey, String)>>) -> impl IntoView {
    let usage =
        RwSignal::new(if storage::available() { storage::usage() } else { Usage::default() });
    let downloaded = RwSignal::new(Vec::<BackupKey>::new());
    let refresh = move || {
        backups.set(storage::backups());
        usage.set(storage::usage());
    };
    view! {
        <h3>"Espace occupé"</h3>
        <p>
            {move || {
                let u = usage.get();
                format!(
                    "Vigie occupe {} Ko de l’espace de stockage de ce navigateur, sur environ {} Ko \
                     (soit {}\u{a0}%).",
                    french::integer(u.used.div_ceil(1_000)),
                    french::integer(QUOTA_CHARS / 1_000),
                    (u.share() * 100.0).round() as u32,
                )
            }}
        </p>
        <div
            class="space-bar"
            role="img"
            aria-label=move || {
                format!(
                    "{}\u{a0}% de l’espace occupé",
                    (usage.get().share() * 100.0).round() as u32,
                )
            }
        >
            <span
                class="space-used"
                class:space-high=move || usage.get().is_high()
                style:width=move || format!("{:.1}%", (usage.get().share() * 100.0).min(100.0))
            ></span>
        </div>
        <p class="muted small">
            "À partir de 70\u{a0}%, Vigie vous prévient\u{a0}: exportez vos annotations, puis \
             supprimez les copies mises de côté dont vous n’avez plus besoin."
        </p>
        {move || {
            let list = backups.get();
            (!list.is_empty())
                .then(|| {
                    view! {
                        <h3>"Copies mises de côté"</h3>
                        <p class="muted">
                            "Données enregistrées que Vigie n’a pas pu lire entièrement, ou \
                             d’un ancien format\u{a0}: elles ne sont jamais écrasées. \
                             Téléchargez une copie pour la garder (elle se réimporte depuis \
                             «\u{202f}Échanges\u{202f}»), puis supprimez-la pour libérer l’espace."
                        </p>
                        <ul class="backup-list">
                            {list
                                .into_iter()
                                .map(|(key, text)| {
                                    let when = french_datetime(key.at, &zone);
                                    let size = french::integer(
                                        text.encode_utf16().count().div_ceil(1_000),
                                    );
                                    let fetched = move || downloaded.with(|d| d.contains(&key));
                                    view! {
                                        <li>
                                            {format!("Copie du {when} ({size} Ko) ")}
                                            <button
                                                type="button"
                                                class="button-link"
                                                on:click=move |_| {
                                                    download_backup(&key);
                                                    downloaded.update(|d| d.push(key));
                                                }
                                            >
                                                "Télécharger"
                                            </button> " "
                                            <button
                                                type="button"
                                                class="button-link"
                                                prop:disabled=move || !fetched()
                                                title=move || {
                                                    (!fetched())
                                                        .then_some(
                                                            "Téléchargez d’abord la copie pour pouvoir la supprimer",
                                                        )
                                                }
                                                on:click=move |_| {
                                                    storage::remove_backup(&key);
                                                    refresh();
                                                }
                                            >
                                                {format!(
                                                    "Supprimer la copie du {}",
                                                    french_datetime(key.at, &zone),
                                                )}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })
        }}
    }
}
