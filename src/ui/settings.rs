//! Settings and the state of saving: the author stamped on changes, the
//! save indicator, the banners that report storage problems, the backups
//! of unreadable data, and the export of annotations.

use leptos::prelude::*;

use crate::core::annotations::Author;
use crate::core::date::{french_datetime, french_time, IsoDate};

use super::download::download;
use super::storage;
use super::store::{now, tz_offset, SaveState, Severity};
use super::{ctx, Ctx};

/// The discreet "Enregistré à 14 h 05" in the header.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let store = ctx().store;
    let offset = tz_offset();
    let text = move || match store.save_state.get() {
        SaveState::Saved(0) => ("saved", "Enregistrement automatique".to_owned()),
        SaveState::Saved(at) => ("saved", format!("✓ Enregistré à {}", french_time(at, offset))),
        SaveState::Pending => ("pending", "… Enregistrement".to_owned()),
        SaveState::MemoryOnly => ("memory", "⚠ Non conservé (stockage indisponible)".to_owned()),
        SaveState::Failed(_) => ("failed", "⚠ Échec de l’enregistrement".to_owned()),
    };
    view! {
        <p class=move || format!("save-state save-{}", text().0) role="status" aria-live="polite">{move || text().1}</p>
    }
}

/// Export every annotation as a pretty-printed, self-describing JSON file.
pub fn export_annotations() -> Result<(), String> {
    let store = ctx().store;
    let now = now();
    let date = IsoDate::of_instant(now, tz_offset());
    let text = store.document.with_untracked(|d| {
        let mut copy = d.clone();
        copy.written_at = now;
        copy.encode(true)
    });
    download(&format!("vigie-annotations-{date}.json"), "application/json", &text)
}

#[component]
pub fn Banners() -> impl IntoView {
    let store = ctx().store;
    view! {
        <div class="banners" role="region" aria-label="Messages">
            <For
                each=move || store.banners.get()
                key=|b| b.id
                children=move |banner| {
                    let class = match banner.severity {
                        Severity::Info => "banner banner-info",
                        Severity::Warning => "banner banner-warning",
                        Severity::Error => "banner banner-error",
                    };
                    let role = if banner.severity == Severity::Info { "status" } else { "alert" };
                    let icon = match banner.severity {
                        Severity::Info => "ℹ",
                        Severity::Warning | Severity::Error => "⚠",
                    };
                    let id = banner.id;
                    let backup = banner.backup_key.clone().map(|key| view! {
                        <button type="button" class="button-link" on:click=move |_| download_backup(&key)>
                            "Télécharger la copie des données d’origine"
                        </button>
                    });
                    let export = banner.suggest_export.then(|| view! {
                        <button type="button" class="button-link" on:click=move |_| { export_annotations().ok(); }>
                            "Exporter mes annotations"
                        </button>
                    });
                    view! {
                        <div class=class role=role>
                            <span class="banner-icon" aria-hidden="true">{icon}</span>
                            <p>{banner.message.clone()}</p>
                            <div class="banner-actions">
                                {backup}
                                {export}
                                <button type="button" class="button-quiet" on:click=move |_| store.dismiss(id)>"Fermer"</button>
                            </div>
                        </div>
                    }
                }
            />
        </div>
    }
}

fn download_backup(key: &str) {
    if let Some(text) = storage::read(key) {
        let name = key.trim_start_matches(storage::BACKUP_PREFIX);
        download(&format!("vigie-sauvegarde-{name}.json"), "application/json", &text).ok();
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let Ctx { plan, store, .. } = ctx();
    let author = move || store.document.with(|d| d.author.clone());
    let offset = tz_offset();
    let backups = RwSignal::new(if storage::available() { storage::backups() } else { Vec::new() });
    let export_error = RwSignal::new(None::<String>);
    view! {
        <main id="contenu" class="page page-settings" tabindex="-1">
            <h1>"Paramètres"</h1>
            <section class="panel" aria-labelledby="titre-auteur">
                <h2 id="titre-auteur">"Auteur des modifications"</h2>
                <p class="muted">"Votre nom et votre service signent l’historique de chaque mesure et vos exports. Ils restent dans ce navigateur."</p>
                <div class="field">
                    <label for="auteur-nom">"Nom"</label>
                    <input type="text" id="auteur-nom" autocomplete="name"
                        prop:value=move || author().name
                        on:change=move |ev| store.set_author(Author { name: event_target_value(&ev).trim().to_owned(), ..author() })/>
                </div>
                <div class="field">
                    <label for="auteur-service">"Service"</label>
                    <input type="text" id="auteur-service" autocomplete="organization"
                        prop:value=move || author().service
                        on:change=move |ev| store.set_author(Author { service: event_target_value(&ev).trim().to_owned(), ..author() })/>
                </div>
                <p>"Signature actuelle : " <strong>{move || author().display()}</strong></p>
            </section>
            <section class="panel" aria-labelledby="titre-donnees">
                <h2 id="titre-donnees">"Vos données"</h2>
                <p>
                    {move || {
                        let n = store.document.with(|d| d.annotations.0.values().filter(|a| !a.is_blank()).count());
                        format!("{n} mesure{} annotée{} sur {}.", if n > 1 { "s" } else { "" }, if n > 1 { "s" } else { "" }, plan.measures.len())
                    }}
                </p>
                <p class="muted">
                    "Les annotations sont enregistrées dans ce navigateur (stockage local), jamais envoyées à un serveur. Pour les partager ou les sauvegarder, exportez-les."
                </p>
                <button type="button" class="button" on:click=move |_| export_error.set(export_annotations().err())>
                    "Exporter les annotations (JSON)"
                </button>
                <p class="form-error" role="alert">{move || export_error.get().map(|e| format!("Export impossible : {e}."))}</p>
                {move || {
                    let list = backups.get();
                    (!list.is_empty()).then(|| view! {
                        <h3>"Copies mises de côté"</h3>
                        <p class="muted">"Données enregistrées que Vigie n’a pas pu lire entièrement : elles ne sont jamais écrasées."</p>
                        <ul>
                            {list.into_iter().map(|(key, text)| {
                                let at = key.trim_start_matches(storage::BACKUP_PREFIX).split('-').next().and_then(|s| s.parse::<i64>().ok());
                                let when = at.map_or_else(|| key.clone(), |ms| french_datetime(ms, offset));
                                let size = text.len();
                                view! {
                                    <li>
                                        {format!("Copie du {when} ({size} octets) ")}
                                        <button type="button" class="button-link" on:click=move |_| download_backup(&key)>"Télécharger"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })
                }}
            </section>
        </main>
    }
}
