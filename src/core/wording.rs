//! The French words for what Vigie shows about changes and files: counts
//! with their nouns, a change described for the history and the slides,
//! what an undo undid, what an import, a round of files or a spreadsheet
//! did or why it was refused, and why an edit was refused. Built from data
//! here, once, and host-tested (`tests/wording.rs`); the screens keep their
//! static labels. Typography: no-break spaces before `%`, `:` and inside
//! « », narrow ones before `;` and `?`.

use crate::core::files::exchange::{Direction, Movement, ReadError};
use crate::core::files::persistence::{Severity, StorageError};
use crate::core::files::roundup::{Brings, FileLine};
use crate::core::french::{self, agreed, list_numbers, plural, quoted, s};
use crate::core::record::annotations::{Change, EditError, Entry, Field, Link, Origin};
use crate::core::record::editing::{Refused, Subject, Undid, Way};
use crate::core::record::status::Status;

/// The field's name, capitalised, as a history line starts.
pub fn field_title(field: Field) -> &'static str {
    match field {
        Field::Status => "Statut",
        Field::Progress => "Avancement",
        Field::Pilote => "Pilote",
        Field::Due => "Échéance",
        Field::Notes => "Notes",
        Field::Links => "Justificatifs",
        Field::Comment(_) => "Commentaire",
    }
}

/// A value as the history shows it; `—` for an empty one.
pub fn value_text(change: &Change) -> String {
    let or_dash = |s: &str| if s.trim().is_empty() { "—".to_owned() } else { quoted(s.trim()) };
    match change {
        Change::Status(s) => s.label().to_owned(),
        Change::Progress(p) => format!("{p}\u{a0}%"),
        Change::Pilote(p) => or_dash(p),
        Change::Due(d) => d.map_or_else(|| "—".to_owned(), |d| d.french()),
        Change::Notes(n) => or_dash(n),
        Change::Links(l) => plural(l.len(), "justificatif", "justificatifs"),
        Change::Comment { text, .. } => or_dash(text),
    }
}

/// What a change did, in one line: `Statut : Non évaluée → En cours`,
/// `Notes modifiées`, `Justificatif ajouté : « Rapport »`. `previous` is the
/// value it replaced, `None` when unknown. Undos, returns to an earlier
/// value and settled conflicts say so first.
pub fn describe(entry: &Entry, previous: Option<&Change>) -> String {
    if entry.origin == Origin::Resolve {
        let kept = match &entry.change {
            Change::Notes(_) => "texte gardé".to_owned(),
            other => value_text(other),
        };
        return format!("Conflit réglé — {}\u{a0}: {kept}", field_title(entry.field()));
    }
    let what = match (&entry.change, previous) {
        (Change::Notes(new), old) => {
            let old = match old {
                Some(Change::Notes(o)) => Some(o.trim()),
                _ => None,
            };
            match (old, new.trim().is_empty()) {
                (Some(""), false) => "Notes ajoutées".to_owned(),
                (Some(o), true) if !o.is_empty() => "Notes effacées".to_owned(),
                _ => "Notes modifiées".to_owned(),
            }
        }
        (Change::Links(new), Some(Change::Links(old))) => links_change(old, new),
        (Change::Comment { text, .. }, _) => {
            format!("Commentaire\u{a0}: {}", quoted(text.trim()))
        }
        (change, Some(old)) => {
            format!(
                "{}\u{a0}: {} → {}",
                field_title(change.field()),
                value_text(old),
                value_text(change)
            )
        }
        (change, None) => format!("{} → {}", field_title(change.field()), value_text(change)),
    };
    match entry.origin {
        Origin::Edit => what,
        Origin::Undo => format!("Annulation — {what}"),
        Origin::Redo => format!("Rétablissement — {what}"),
        Origin::Revert(_) => format!("Retour à une valeur antérieure — {what}"),
        Origin::Resolve => what,
    }
}

fn links_change(old: &[Link], new: &[Link]) -> String {
    let added: Vec<&Link> = new.iter().filter(|l| !old.contains(l)).collect();
    let removed: Vec<&Link> = old.iter().filter(|l| !new.contains(l)).collect();
    match (added.as_slice(), removed.as_slice()) {
        ([one], []) => format!("Justificatif ajouté\u{a0}: {}", quoted(one.shown())),
        ([], [one]) => format!("Justificatif retiré\u{a0}: {}", quoted(one.shown())),
        _ => format!(
            "Justificatifs\u{a0}: {} → {}",
            value_text(&Change::Links(old.to_vec())),
            value_text(&Change::Links(new.to_vec()))
        ),
    }
}

/// What an undo or redo is about: `statut de la mesure 31`.
pub fn field_of_measure(field: Field, measure: u16) -> String {
    format!("{} de la mesure {measure}", field.label())
}

/// `le statut de la mesure 31`, `l’échéance…`, `les notes…`: the field
/// with its article, as a sentence names it.
pub fn the_field_of_measure(field: Field, measure: u16) -> String {
    let article = match field {
        Field::Progress | Field::Due => "l’",
        Field::Notes | Field::Links => "les ",
        _ => "le ",
    };
    format!("{article}{}", field_of_measure(field, measure))
}

/// What an undo or redo is about when it spans several fields or measures:
/// `statut de la mesure 31`, `3 changements de la mesure 8`,
/// `5 changements (mesures 3, 7 et 12)`.
pub fn step_subject(fields: &[(u16, Field)]) -> String {
    let measures: Vec<u16> = crate::core::order::sorted_set(fields.iter().map(|(m, _)| *m));
    match (fields, measures.as_slice()) {
        ([(m, f)], _) => field_of_measure(*f, *m),
        (_, [m]) => {
            format!("{} de la mesure {m}", plural(fields.len(), "changement", "changements"))
        }
        _ => format!(
            "{} ({})",
            plural(fields.len(), "changement", "changements"),
            if measures.len() > 1 {
                format!("mesures {}", list_numbers(&measures))
            } else {
                String::new()
            }
        ),
    }
}

/// "Depuis le 01/10/2026 à 14 h 30 : 5 mesures ont progressé, 1 a reculé".
pub fn movements_summary(since: &str, movements: &[Movement]) -> String {
    let count = |d: Direction| movements.iter().filter(|m| m.direction == d).count();
    let (better, worse, mixed, moved, same) = (
        count(Direction::Better),
        count(Direction::Worse),
        count(Direction::Mixed),
        count(Direction::Moved),
        count(Direction::Same),
    );
    if movements.is_empty() {
        return format!("Depuis le {since}\u{a0}: aucun changement");
    }
    // "5 mesures ont progressé, 1 a reculé": the noun only in the first part.
    let mut parts: Vec<String> = Vec::new();
    for (n, one, many) in [
        (better, "a progressé", "ont progressé"),
        (worse, "a reculé", "ont reculé"),
        (mixed, "a évolué en sens contraires", "ont évolué en sens contraires"),
        (moved, "a changé de statut", "ont changé de statut"),
        (same, "a de nouvelles notes", "ont de nouvelles notes"),
    ] {
        if n == 0 {
            continue;
        }
        let noun = match (parts.is_empty(), n) {
            (false, _) => "",
            (true, 1) => " mesure",
            (true, _) => " mesures",
        };
        parts.push(format!("{n}{noun} {}", if n == 1 { one } else { many }));
    }
    format!("Depuis le {since}\u{a0}: {}", parts.join(", "))
}

/// "Sélection de 10 mesures : 2 réalisées, 1 en difficulté, 3 en retard":
/// a selection deck's figures in one line, each count with its agreement.
pub fn selection_summary(stats: &crate::core::briefing::stats::Stats) -> String {
    let done = stats.count(Status::Realisee);
    let hard = stats.count(Status::EnDifficulte);
    let late = stats.overdue.len();
    let mut parts = vec![format!("{done} réalisée{}", s(done))];
    if hard > 0 {
        parts.push(format!("{hard} en difficulté"));
    }
    if late > 0 {
        parts.push(format!("{late} en retard"));
    }
    format!("Sélection de {}\u{a0}: {}", plural(stats.total, "mesure", "mesures"), parts.join(", "))
}

/// One moved measure in words: `▲ a progressé · En cours → Réalisée · 40 % → 100 %`.
pub fn movement_text(m: &Movement) -> String {
    let arrow = match m.direction {
        Direction::Better => "▲ a progressé",
        Direction::Worse => "▼ a reculé",
        Direction::Moved => "↔ a changé de statut",
        Direction::Mixed => "⇅ en sens contraires",
        Direction::Same => "✎ nouvelles notes",
    };
    let mut parts = vec![arrow.to_owned()];
    // Going opposite ways, each says which way it went.
    let mixed = m.direction == Direction::Mixed;
    if let Some((from, to)) = m.status {
        let way = match mixed {
            true if crate::core::files::exchange::status_ahead(to, from) => {
                "statut en hausse\u{a0}: "
            }
            true => "statut en recul\u{a0}: ",
            false => "",
        };
        parts.push(format!("{way}{} → {}", from.label(), to.label()));
    }
    if let Some((from, to)) = m.progress {
        let way = match mixed {
            true if to > from => "avancement en hausse\u{a0}: ",
            true => "avancement en baisse\u{a0}: ",
            false => "",
        };
        parts.push(format!("{way}{from}\u{a0}% → {to}\u{a0}%"));
    }
    if m.new_notes && m.direction != Direction::Same {
        parts.push("nouvelles notes".to_owned());
    }
    parts.join(" · ")
}

/// What signing the unsigned changes did: « 3 modifications signées
/// « Lucie Martin (Douane) » ».
pub fn signed_changes(count: usize, by: &str) -> String {
    let what = agreed(count, "modification signée", "modifications signées");
    format!("{} {what} {}", french::integer(count), quoted(by))
}

/// The line above a search's partial answer: which words no measure has, or
/// that none has them all.
pub fn partial_answer(partial: &crate::core::view::listing::Partial) -> String {
    match &partial.missing[..] {
        [] => "Aucune mesure ne contient tous ces mots\u{202f}; voici celles qui en contiennent le plus."
            .to_owned(),
        missing => {
            let words: Vec<String> = missing.iter().map(|w| quoted(w)).collect();
            format!(
                "Aucune mesure ne contient {}\u{202f}; voici celles qui contiennent les autres mots.",
                words.join(" ni ")
            )
        }
    }
}

/// What an export made, said on the page: « Fichier « vigie-….json » créé
/// (12 mesures annotées) : votre navigateur le range dans ses
/// téléchargements. »
pub fn export_done(file: &str, count: usize, one: &str, many: &str) -> String {
    format!(
        "Fichier {} créé ({})\u{a0}: votre navigateur le range dans ses téléchargements.",
        quoted(file),
        plural(count, one, many)
    )
}

/// The plan over time in one sentence, for a screen reader and the chart's
/// label: « De septembre 2026 à décembre 2026 : 0 → 1 mesure réalisée,
/// 0 → 1 en difficulté ; avancement moyen 0,4 % → 1,8 %. »
pub fn timeline_summary(points: &[crate::core::briefing::timeline::MonthPoint]) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return "Aucun changement enregistré".to_owned();
    };
    let count = |p: &crate::core::briefing::timeline::MonthPoint, s: Status| p.counts[s.index()];
    let done = count(last, Status::Realisee);
    format!(
        "De {} à {}\u{a0}: {} → {} {}, {} → {} en difficulté\u{202f}; avancement moyen {}\u{a0}% → {}\u{a0}%",
        first.label(),
        last.label(),
        count(first, Status::Realisee),
        done,
        agreed(done, "mesure réalisée", "mesures réalisées"),
        count(first, Status::EnDifficulte),
        count(last, Status::EnDifficulte),
        french::decimal(first.mean_progress),
        french::decimal(last.mean_progress),
    )
}

/// Why an edit of the tracking form was refused, said on the measure's page
/// (one line for every field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The record refused the change.
    Edit(EditError),
    /// What was typed as the progress is not a number from 0 to 100.
    Progress(String),
    /// The due date typed is no date.
    Due,
    /// A link without its address.
    NoLinkAddress,
}

impl From<EditError> for Refusal {
    fn from(e: EditError) -> Refusal {
        Refusal::Edit(e)
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Edit(e) => write!(f, "Modification refusée\u{a0}: {e}."),
            Refusal::Progress(typed) => write!(
                f,
                "Avancement refusé\u{a0}: {} n’est pas un nombre entre 0 et 100.",
                quoted(typed.trim())
            ),
            Refusal::Due => f.write_str("Échéance refusée\u{a0}: date impossible."),
            Refusal::NoLinkAddress => {
                f.write_str("Indiquez l’adresse ou le chemin du justificatif.")
            }
        }
    }
}

/// « « suivi.xlsx » n’a pas été importé : ‹why›. Vos annotations n’ont pas
/// changé. »
pub fn not_imported(file: &str, why: &ReadError) -> String {
    format!("{} n’a pas été importé\u{a0}: {why}. Vos annotations n’ont pas changé.", quoted(file))
}

/// Why a file chosen as the reference (« Comparer avec… ») was not taken.
pub fn not_a_reference(file: &str, why: &ReadError) -> String {
    format!("{} ne peut pas servir de référence\u{a0}: {why}.", quoted(file))
}

/// A reference that applies to this page but could not be stored.
pub fn reference_not_kept(why: StorageError) -> String {
    format!("La référence n’a pas pu être gardée pour la prochaine visite\u{a0}: {why}.")
}

/// A folder chosen for import that holds nothing Vigie reads.
pub fn nothing_readable_in_folder(found: usize) -> String {
    format!(
        "Ce dossier ne contient aucun fichier .json ou .csv ({} en tout)\u{a0}: rien n’a \
         été importé.",
        plural(found, "fichier", "fichiers"),
    )
}

/// What an import took in, for [`import_done`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported<'a> {
    /// A round of this many files, merged.
    Files(usize),
    /// One file, named, that replaced the annotations.
    Replaced(&'a str),
    /// One file, named, merged.
    Merged(&'a str),
}

/// « « x.json » a été fusionné avec vos annotations (3 mesures). Le bouton
/// « Annuler » de l’en-tête revient en arrière. »
pub fn import_done(what: Imported, measures: usize) -> String {
    let (what, all) = match what {
        Imported::Files(n) => (
            format!("{} ont été fusionnés avec vos annotations", plural(n, "fichier", "fichiers")),
            ", pour tous à la fois",
        ),
        Imported::Replaced(file) => (format!("{} a remplacé vos annotations", quoted(file)), ""),
        Imported::Merged(file) => {
            (format!("{} a été fusionné avec vos annotations", quoted(file)), "")
        }
    };
    format!(
        "{what} ({}). Le bouton «\u{202f}Annuler\u{202f}» de l’en-tête revient en arrière{all}.",
        plural(measures, "mesure", "mesures"),
    )
}

/// A replacement carried by a file that would hide `count` changes shown
/// here, made by `by` at `when` (already written out).
pub fn hiding_warning(by: &str, when: &str, count: usize, measures: &[u16]) -> String {
    format!(
        "Ce fichier contient un remplacement («\u{202f}Remplacer\u{202f}») fait par {by}, le \
         {when}\u{a0}: la fusion masquerait {} de {} ({} dans l’historique, et \
         «\u{202f}Annuler\u{202f}» {} rétablit).",
        plural(count, "changement affiché ici", "changements affichés ici"),
        french::measures_phrase(measures),
        agreed(count, "il restera", "ils resteront"),
        agreed(count, "le", "les"),
    )
}

/// How a spreadsheet was read, `separator` and `encoding` in words.
pub fn sheet_read(rows: usize, separator: &str, encoding: &str) -> String {
    format!(
        "Tableur\u{a0}: {} {} (séparateur {separator}, encodage {encoding}). Chaque cellule \
         modifiée dans le tableau devient un changement signé de votre nom, «\u{202f}importé \
         depuis tableur\u{202f}»\u{202f}; une cellule laissée telle qu’exportée ne change rien.",
        plural(rows, "ligne", "lignes"),
        agreed(rows, "lue", "lues"),
    )
}

/// A spreadsheet whose « Version » column does not read on these lines.
pub fn damaged_versions(lines: &[usize]) -> String {
    let numbers: Vec<String> = lines.iter().map(ToString::to_string).collect();
    format!(
        "La colonne «\u{202f}Version\u{202f}» est illisible {} {}\u{a0}: pour ces lignes, \
         chaque cellule qui diffère de vos annotations est présentée en conflit.",
        agreed(lines.len(), "ligne", "lignes"),
        numbers.join(", "),
    )
}

/// « Colonnes ignorées : « A », « B ». »
pub fn ignored_columns(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|c| quoted(c)).collect();
    format!(
        "{}\u{a0}: {}.",
        agreed(names.len(), "Colonne ignorée", "Colonnes ignorées"),
        quoted.join(", ")
    )
}

/// The question « Remplacer » asks, with how many measures it sets aside.
pub fn replace_question(annotated: usize) -> String {
    format!(
        "Remplacer vos {} par le contenu du fichier\u{202f}?",
        plural(annotated, "mesure annotée", "mesures annotées"),
    )
}

/// A file made on another wording of the plan, of which the measures
/// `matching` kept their text.
pub fn other_plan(matching: &[u16]) -> String {
    let count = matching.len();
    format!(
        "Ce fichier a été établi sur une autre version du texte du plan. {} dont le texte \
         n’a pas changé {} sans risque ({}).",
        plural(count, "mesure", "mesures"),
        agreed(count, "peut être importée", "peuvent être importées"),
        list_numbers(matching)
    )
}

/// « 12 fichiers sur 20 lus », while a round is read.
pub fn files_read(done: usize, total: usize) -> String {
    format!("{} sur {total} {}", plural(done, "fichier", "fichiers"), agreed(done, "lu", "lus"))
}

/// Above a round's lines: how many files were read, how many bring changes.
pub fn round_summary(read: usize, bringing: usize) -> String {
    format!(
        "{} {}\u{202f}; {} {} des changements.",
        plural(read, "fichier", "fichiers"),
        agreed(read, "lu", "lus"),
        plural(bringing, "fichier", "fichiers"),
        agreed(bringing, "apporte", "apportent"),
    )
}

/// A round of `total` files that brings nothing, with why, counted by
/// reason.
pub fn round_brings_nothing(total: usize, lines: &[FileLine]) -> String {
    let count = |f: fn(&Brings) -> bool| lines.iter().filter(|l| f(&l.brings)).count();
    let parts: Vec<String> = [
        (count(|b| matches!(b, Brings::Nothing)), "déjà importé", "déjà importés"),
        (count(|b| matches!(b, Brings::CopyOf(_))), "copie", "copies"),
        (count(|b| matches!(b, Brings::Refused(_))), "refusé", "refusés"),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    format!(
        "Aucun des {} n’apporte de changement\u{a0}: {} (le détail ci-dessous).",
        plural(total, "fichier", "fichiers"),
        parts.join(", "),
    )
}

/// « 52 non évaluées », « 2 en cours »: a count of measures by status, in
/// lower case, only the participles agreeing (« en cours » and « en
/// difficulté » do not). Every status says its own forms, so that a new
/// one cannot be left without.
pub fn status_count(status: Status, n: usize) -> String {
    let (one, many) = match status {
        Status::NonEvaluee => ("non évaluée", "non évaluées"),
        Status::NonEngagee => ("non engagée", "non engagées"),
        Status::EnCours => ("en cours", "en cours"),
        Status::EnDifficulte => ("en difficulté", "en difficulté"),
        Status::Realisee => ("réalisée", "réalisées"),
        Status::Abandonnee => ("abandonnée", "abandonnées"),
    };
    format!("{n} {}", agreed(n, one, many))
}

/// « 1 mesure sur 3 à jour »: a pilote's measures updated since the date
/// asked.
pub fn updated_of(updated: usize, total: usize) -> String {
    format!("{updated} {} sur {total} à jour", agreed(updated, "mesure", "mesures"))
}

/// « 12 mesures annotées sur 55. »
pub fn annotated_of(annotated: usize, total: usize) -> String {
    format!("{} sur {total}.", plural(annotated, "mesure annotée", "mesures annotées"))
}

/// The history's button that shows `more` older changes of `total`.
pub fn show_older(more: usize, total: usize) -> String {
    format!(
        "Afficher {} ({} en tout)",
        plural(more, "changement plus ancien", "changements plus anciens"),
        plural(total, "changement", "changements"),
    )
}

/// Changes of a measure hidden by an import's « Remplacer ».
pub fn replaced_changes(hidden: usize) -> String {
    format!(
        "{} {} par un import («\u{202f}Remplacer\u{202f}»)\u{a0}: {} dans les exports, \
         l’annulation de l’import {} rétablit.",
        plural(hidden, "changement antérieur", "changements antérieurs"),
        agreed(hidden, "remplacé", "remplacés"),
        agreed(hidden, "conservé", "conservés"),
        agreed(hidden, "le", "les"),
    )
}

/// What an undo step is about, as its button and its message say it:
/// « statut de la mesure 31 », « le choix sur les notes de la mesure 4 ».
pub fn subject(subject: &Subject) -> String {
    match subject {
        Subject::Field(field, measure) => field_of_measure(*field, *measure),
        Subject::Choice(field, measure) => {
            format!("le choix sur {}", the_field_of_measure(*field, *measure))
        }
        Subject::Import(label) => label.clone(),
    }
}

/// What an undo or redo did, and how the toast shows it: « Annulé : statut
/// de la mesure 31. », or why nothing moved.
pub fn undid(way: Way, undid: &Undid) -> (String, Severity) {
    match undid {
        Undid::Done { subject: about, skipped } => {
            let done = match way {
                Way::Undo => "Annulé",
                Way::Redo => "Rétabli",
            };
            let mut text = format!("{done}\u{a0}: {}.", subject(about));
            if !skipped.is_empty() {
                text.push_str(&format!(
                    " Modifié depuis (autre onglet ou import), laissé tel quel\u{a0}: {}.",
                    step_subject(skipped)
                ));
            }
            (text, Severity::Info)
        }
        Undid::ChangedSince(measures) => {
            let which = match measures.as_slice() {
                [one] => format!("La mesure {one} a été modifiée"),
                [] => "Les mesures ont été modifiées".to_owned(),
                many => format!("Les mesures {} ont été modifiées", list_numbers(many)),
            };
            let nothing = match way {
                Way::Undo => "rien n’a été annulé",
                Way::Redo => "rien n’a été rétabli",
            };
            (
                format!("{which} depuis (autre onglet ou import)\u{a0}: {nothing}."),
                Severity::Warning,
            )
        }
    }
}

/// Why an undo or redo did nothing when its code could not be loaded.
pub fn undo_unavailable(way: Way) -> String {
    let what = match way {
        Way::Undo => "Annulation",
        Way::Redo => "Rétablissement",
    };
    format!(
        "{what} impossible pour l’instant\u{a0}: son code n’a pas pu être chargé (connexion \
         coupée, ou nouvelle version de Vigie). Rien n’a changé."
    )
}

/// Typed text that could not be recorded, and where it is kept.
pub fn typing_refused(refused: &Refused) -> String {
    format!(
        "Non enregistré\u{a0}: {}. Le texte est gardé en brouillon sur la page de la mesure {}.",
        refused.error, refused.measure
    )
}

/// The list's button that shows the next page: « Afficher 100 mesures de
/// plus (4 900 restantes) », « Afficher 1 mesure de plus (1 restante) ».
pub fn show_more(more: usize, remaining: usize) -> String {
    format!(
        "Afficher {} de plus ({} {})",
        plural(more, "mesure", "mesures"),
        french::integer(remaining),
        agreed(remaining, "restante", "restantes"),
    )
}

/// How many measures the list shows: « 12 mesures sur 55 ».
pub fn found_of(shown: usize, total: usize) -> String {
    format!("{} sur {}", plural(shown, "mesure", "mesures"), french::integer(total))
}

/// The same when no measure has every word typed: « 3 mesures sur 55,
/// avec une partie des mots ».
pub fn found_with_part_of_words(shown: usize, total: usize) -> String {
    format!("{}, avec une partie des mots", found_of(shown, total))
}

/// The dashboard's opening line: « 12 mesures réalisées sur 55 (21,8 %) ·
/// avancement moyen 42,3 % ».
pub fn dashboard_lede(stats: &crate::core::briefing::stats::Stats) -> String {
    let done = stats.count(Status::Realisee);
    format!(
        "{} sur {} ({}\u{a0}%) · avancement moyen {}\u{a0}%",
        plural(done, "mesure réalisée", "mesures réalisées"),
        french::integer(stats.total),
        french::decimal(stats.share(Status::Realisee)),
        french::decimal(stats.mean_progress),
    )
}

/// The handout's line on the whole plan: « 55 mesures : 12 réalisées,
/// 30 en cours ; avancement moyen 42,3 % ; 3 en retard. »
pub fn plan_summary(stats: &crate::core::briefing::stats::Stats) -> String {
    let counts: Vec<String> = Status::ALL
        .into_iter()
        .filter(|&status| stats.count(status) > 0)
        .map(|status| status_count(status, stats.count(status)))
        .collect();
    format!(
        "{}\u{a0}: {}\u{202f}; avancement moyen {}\u{a0}%\u{202f}; {} en retard.",
        plural(stats.total, "mesure", "mesures"),
        counts.join(", "),
        french::decimal(stats.mean_progress),
        french::integer(stats.overdue.len()),
    )
}
