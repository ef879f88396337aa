//! What to do with the texts found in local storage, as pure decisions:
//! what to start with, which texts must be copied aside before anything
//! replaces them, when to stay read-only, what to tell the user, and which
//! journals of closed tabs may go. The browser side (`ui::storage`,
//! `ui::store`) only moves strings in and out.
//!
//! The layout: each open tab writes its whole document to its own journal
//! key (`vigie.annotations.onglet.<replica>`), which no other tab ever
//! writes, so no tab can overwrite another's edits however stale its view
//! of storage is. The main key (`vigie.annotations`) holds the fold of
//! everything, rewritten under a Web Lock when a tab starts; journals of
//! tabs that are gone are folded into it, then removed.

use super::codec::{decode, DecodeError, Options, Problems, Strictness};
use super::document::Document;
use super::plan::{MeasureNo, Plan};
use super::stamp::Replica;

/// The main key. index.html's boot check asks whether it, or any journal,
/// exists, and nothing more.
pub const MAIN_KEY: &str = "vigie.annotations";
/// Prefix of each tab's journal key, followed by its replica id.
pub const JOURNAL_PREFIX: &str = "vigie.annotations.onglet.";
/// Prefix of the copies set aside when stored data could not be read.
pub const BACKUP_PREFIX: &str = "vigie.annotations.sauvegarde.";

/// The journal key of a tab.
pub fn journal_key(replica: Replica) -> String {
    format!("{JOURNAL_PREFIX}{replica}")
}

/// The replica whose journal `key` is, if it is one.
pub fn journal_replica(key: &str) -> Option<Replica> {
    key.strip_prefix(JOURNAL_PREFIX).and_then(Replica::parse)
}

/// The stored text of an annotation key, from the main key's text and the
/// journals' (as read together at start-up or compaction).
pub fn stored_text<'a>(
    key: &str,
    main: Option<&'a str>,
    journals: &'a [(String, String)],
) -> Option<&'a str> {
    if key == MAIN_KEY {
        main
    } else {
        journals.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Whether `key` holds annotations Vigie reads at start-up.
pub fn is_annotation_key(key: &str) -> bool {
    key == MAIN_KEY || journal_replica(key).is_some()
}

/// The key of a copy set aside: `vigie.annotations.sauvegarde.<ms>`, or
/// `<ms>-<n>` when several were made in one millisecond. The instant is
/// this machine's clock, only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BackupKey {
    pub at: i64,
    pub n: u32,
}

impl BackupKey {
    pub fn parse(key: &str) -> Option<BackupKey> {
        let rest = key.strip_prefix(BACKUP_PREFIX)?;
        let (at, n) = rest.split_once('-').unwrap_or((rest, "0"));
        Some(BackupKey { at: at.parse().ok()?, n: n.parse().ok()? })
    }

    /// The first key free after `taken` for a copy made at `at`.
    pub fn first_free(at: i64, taken: impl Fn(&BackupKey) -> bool) -> BackupKey {
        (0..).map(|n| BackupKey { at, n }).find(|k| !taken(k)).expect("a free key exists")
    }

    /// `vigie-sauvegarde-1790000000000.json`, for the download.
    pub fn file_name(&self) -> String {
        match self.n {
            0 => format!("vigie-sauvegarde-{}.json", self.at),
            n => format!("vigie-sauvegarde-{}-{n}.json", self.at),
        }
    }
}

impl std::fmt::Display for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.n {
            0 => write!(f, "{BACKUP_PREFIX}{}", self.at),
            n => write!(f, "{BACKUP_PREFIX}{}-{n}", self.at),
        }
    }
}

/// Something to tell the user about their stored annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Read after migrating an older schema; the old text is kept aside.
    Migrated { from: u64 },
    /// Partly unreadable: what could be read was kept.
    Salvaged { dropped: Problems },
    /// Unreadable as a whole, and set aside.
    Unreadable { reason: String },
    /// Written by a newer Vigie: this tab only reads.
    Newer { schema: u64 },
    /// Local storage is blocked or disabled.
    Unavailable,
    /// Unreadable data could not be copied aside, so it is never written over.
    BackupImpossible { reason: String },
    /// Annotations kept although their measure's wording changed.
    Mismatched { measures: Vec<MeasureNo> },
    /// A write failed.
    SaveFailed { reason: String },
    /// Another tab stored something unreadable, now set aside.
    OtherTabUnreadable { reason: String },
}

/// How much a notice matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Notice {
    /// What to tell the user, in French.
    pub fn message(&self) -> String {
        match self {
            Notice::Migrated { from } => format!(
                "Vos annotations enregistrées au format {from} ont été converties \
                 au format actuel. L’ancienne version est conservée à part."
            ),
            Notice::Salvaged { dropped } => format!(
                "Une partie des annotations enregistrées était illisible et a été \
                 écartée ({}). Tout le reste a été repris\u{202f}; une copie intacte des \
                 données d’origine est conservée.",
                dropped.summary(5)
            ),
            Notice::Unreadable { reason } => format!(
                "Vigie démarre sans ces annotations\u{202f}: {reason}. Les données d’origine \
                 n’ont pas été effacées\u{202f}: une copie est conservée et téléchargeable."
            ),
            Notice::Newer { .. } => "Ces annotations ont été enregistrées par une version \
                                     plus récente de Vigie\u{202f}: rechargez la page. D’ici là, \
                                     cet onglet est en lecture seule et n’enregistre rien."
                .to_owned(),
            Notice::Unavailable => "Le stockage local de ce navigateur est indisponible \
                                    (bloqué ou désactivé)\u{202f}: vos annotations ne seront pas \
                                    conservées après la fermeture de l’onglet. \
                                    Exportez-les pour les garder."
                .to_owned(),
            Notice::BackupImpossible { reason } => format!(
                "Impossible de mettre de côté les données illisibles\u{202f}: {reason}. \
                 Vigie n’écrira pas par-dessus\u{202f}: les modifications de cette session \
                 restent en mémoire, exportez-les."
            ),
            Notice::Mismatched { measures } => format!(
                "Le texte du plan a changé depuis certaines annotations (mesures {})\u{202f}: \
                 elles sont conservées et signalées, vérifiez-les.",
                super::wording::list_numbers(measures)
            ),
            Notice::SaveFailed { reason } => format!(
                "L’enregistrement a échoué\u{202f}: {reason}. Vos modifications restent dans \
                 cet onglet\u{202f}; exportez-les pour ne rien perdre."
            ),
            Notice::OtherTabUnreadable { reason } => format!(
                "Un autre onglet a enregistré des annotations illisibles ({reason}). \
                 Elles ont été mises de côté\u{202f}; les vôtres sont intactes."
            ),
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            Notice::Migrated { .. } => Severity::Info,
            Notice::Salvaged { .. }
            | Notice::Mismatched { .. }
            | Notice::OtherTabUnreadable { .. } => Severity::Warning,
            Notice::Unavailable => Severity::Warning,
            Notice::Unreadable { .. }
            | Notice::Newer { .. }
            | Notice::BackupImpossible { .. }
            | Notice::SaveFailed { .. } => Severity::Error,
        }
    }

    /// Whether exporting is the way to keep what is only in memory.
    pub fn suggests_export(&self) -> bool {
        matches!(
            self,
            Notice::Unavailable
                | Notice::BackupImpossible { .. }
                | Notice::SaveFailed { .. }
                | Notice::Newer { .. }
        )
    }

    /// Whether a copy of the original data goes with it.
    pub fn has_backup(&self) -> bool {
        matches!(
            self,
            Notice::Migrated { .. }
                | Notice::Salvaged { .. }
                | Notice::Unreadable { .. }
                | Notice::OtherTabUnreadable { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Startup {
    pub document: Document,
    pub notices: Vec<Notice>,
    /// Keys whose text must be copied aside before anything replaces or
    /// removes it.
    pub back_up: Vec<String>,
    /// Journals whose content is in `document`: candidates for removal once
    /// the main key holds it (see [`collectable`]).
    pub folded_journals: Vec<(String, i64)>,
    /// Newer data is stored: never write, never back up.
    pub read_only: bool,
    /// Annotations kept although they no longer match a measure's wording.
    pub mismatched: Vec<MeasureNo>,
}

/// How reading one stored copy went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copy {
    Read { document: Box<Document>, migrated_from: Option<u64>, dropped: Problems },
    Newer(u64),
    Unreadable(String),
}

/// Reads one stored text (the main key, a journal), salvaging what it can.
pub fn read_copy(raw: &str, plan: &Plan) -> Copy {
    match decode(raw, plan, Options { strictness: Strictness::Salvage, latest: None }) {
        Ok(d) => Copy::Read {
            document: Box::new(d.document),
            migrated_from: d.migrated_from,
            dropped: d.dropped,
        },
        Err(DecodeError::NewerSchema(s)) => Copy::Newer(s),
        Err(e) => Copy::Unreadable(e.to_string()),
    }
}

/// Folds the main key and every journal into one document.
pub fn startup(main: Option<&str>, journals: &[(String, String)], plan: &Plan) -> Startup {
    let mut start = Startup {
        document: Document::empty(plan),
        notices: Vec::new(),
        back_up: Vec::new(),
        folded_journals: Vec::new(),
        read_only: false,
        mismatched: Vec::new(),
    };
    let main = main
        .filter(|r| !r.trim().is_empty())
        .map(|r| (super::persistence::MAIN_KEY.to_owned(), r.to_owned()));
    let mut dropped = Problems::default();
    for (key, raw) in main.iter().chain(journals.iter()) {
        match read_copy(raw, plan) {
            Copy::Read { document, migrated_from, dropped: lost } => {
                start.document.fold_tab(&document);
                if let Some(from) = migrated_from {
                    if !start.notices.contains(&Notice::Migrated { from }) {
                        start.notices.push(Notice::Migrated { from });
                    }
                }
                // The old or damaged text stays aside until the user has checked.
                if migrated_from.is_some() || !lost.is_empty() {
                    start.back_up.push(key.clone());
                }
                dropped = dropped.merged(lost);
                if key != MAIN_KEY {
                    start.folded_journals.push((key.clone(), document.written_at));
                }
            }
            Copy::Newer(schema) => {
                start.read_only = true;
                start.notices.push(Notice::Newer { schema });
            }
            Copy::Unreadable(reason) => {
                start.back_up.push(key.clone());
                start.notices.push(Notice::Unreadable {
                    reason: format!(
                        "les annotations enregistrées sont illisibles\u{202f}: {reason}"
                    ),
                });
                if key != MAIN_KEY {
                    // Removed once copied aside, so that it is not read again.
                    start.folded_journals.push((key.clone(), 0));
                }
            }
        }
    }
    if !dropped.is_empty() {
        start.notices.push(Notice::Salvaged { dropped });
    }
    if start.read_only {
        start.back_up.clear();
        start.folded_journals.clear();
        start.notices.retain(|n| matches!(n, Notice::Newer { .. }));
        start.notices.dedup();
    }
    start.mismatched = start.document.annotations().mismatched(plan);
    start.document.plan_id = plan.id.clone();
    start.document.plan_fingerprint = plan.fingerprint.clone();
    start
}

/// How long a closed tab's journal stays after its last write before it may
/// be removed: storage copies of other tabs catch up within milliseconds,
/// so a journal this old has reached every tab that will read it.
pub const SETTLED_MS: i64 = 10_000;
/// Without Web Locks nobody knows which tabs are open: only journals left
/// alone this long are removed (an open tab rewrites its own at its next
/// change anyway).
pub const SETTLED_WITHOUT_LOCKS_MS: i64 = 24 * 3_600_000;

/// The folded journals that may be removed now that the main key holds
/// their content: their tab is gone (its liveness lock is free; `live` is
/// `None` when the browser cannot tell) and their last write has settled.
/// The local clock only delays removal; a clock set back delays it more.
pub fn collectable(folded: &[(String, i64)], live: Option<&[Replica]>, now: i64) -> Vec<String> {
    folded
        .iter()
        .filter(|(key, written_at)| {
            let Some(replica) = journal_replica(key) else { return false };
            match live {
                Some(live) => !live.contains(&replica) && now - written_at >= SETTLED_MS,
                None => now - written_at >= SETTLED_WITHOUT_LOCKS_MS,
            }
        })
        .map(|(key, _)| key.clone())
        .collect()
}
