//! What to do with the texts found in local storage, as pure decisions:
//! what to start with, which texts must be copied aside before anything
//! replaces them, when to stay read-only, what to tell the user, and which
//! journals of closed tabs may go. The browser side (`ui::storage`,
//! `ui::store`) only moves strings in and out.
//!
//! The layout: each open tab writes to its own journal key
//! (`vigie.annotations.onglet.<replica>`), which no other tab ever writes,
//! what only it holds (its document beyond what the main key and the other
//! journals hold: [`crate::core::record::document::Marks`]), so that no tab can overwrite
//! another's edits however stale its view of storage is, and a save while
//! typing writes a few changes, not the whole history. The main key
//! (`vigie.annotations`) holds the fold of everything, rewritten under a
//! Web Lock when a tab starts and when its journal grows large; a tab
//! shrinks its journal only after writing the main key, and journals of
//! tabs that are gone are removed once folded into it.
//!
//! The main key is packed ([`pack`]): each measure's JSON compressed on its
//! own (by the browser, deflate), so that a five-year team history takes a
//! few percent of the quota, and damage to the stored text costs at most
//! the measure it falls in.

use crate::core::files::codec::{decode, DecodeError, Options, Problems, Strictness};
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::document::{Document, Marks};
use crate::core::record::stamp::Replica;

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

// ---------------------------------------------------------------- packing

/// How a packed main key starts.
pub const PACKED_PREFIX: &str = "vigie-z1";
/// Between the sections of a packed text, and within one section. The
/// packed bytes never use them (see [`to_chars`]).
const SECTION: char = '\u{1}';
const FIELD: char = '\u{2}';
/// The header's section name (every other one is a measure number).
const HEADER: &str = "entete";

/// Bytes as text, 15 bits a character, each from U+0020 to U+801F: no
/// surrogate, no control character, and about twice as dense as base64 in
/// local storage, whose quota counts characters (5,242,880 in Chromium,
/// measured, whatever the characters).
pub fn to_chars(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 15 * 3 + 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        if bits >= 15 {
            bits -= 15;
            out.push(char::from_u32(0x20 + ((acc >> bits) & 0x7fff)).unwrap_or(' '));
        }
    }
    if bits > 0 {
        out.push(char::from_u32(0x20 + ((acc << (15 - bits)) & 0x7fff)).unwrap_or(' '));
    }
    out
}

/// The first `len` bytes held by `text` (see [`to_chars`]); `None` if a
/// character is out of range or the text is too short.
pub fn from_chars(text: &str, len: usize) -> Option<Vec<u8>> {
    // Exactly as many characters as `to_chars` writes: a damaged length
    // is refused here, not trusted for an allocation.
    if text.chars().count() != (len * 8).div_ceil(15) {
        return None;
    }
    let mut out = Vec::with_capacity(len);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.chars() {
        let v = u32::from(c).checked_sub(0x20).filter(|v| *v <= 0x7fff)?;
        acc = (acc << 15) | v;
        bits += 15;
        while bits >= 8 && out.len() < len {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    (out.len() == len).then_some(out)
}

/// A packed main key: the header and each measure, compressed apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    /// The compressed header; `None` if its section is damaged.
    pub header: Option<Vec<u8>>,
    /// Each measure's key and compressed JSON; `None` if damaged.
    pub measures: Vec<(String, Option<Vec<u8>>)>,
}

/// The text of a main key from compressed parts (see
/// [`crate::core::files::codec::encode_parts`]).
pub fn pack(header: &[u8], measures: &[(MeasureNo, Vec<u8>)]) -> String {
    let section = |name: &str, bytes: &[u8]| {
        format!("{SECTION}{name}{FIELD}{}{FIELD}{}", bytes.len(), to_chars(bytes))
    };
    let mut out = String::from(PACKED_PREFIX);
    out.push_str(&section(HEADER, header));
    for (n, bytes) in measures {
        out.push_str(&section(&n.to_string(), bytes));
    }
    out
}

/// Whether `text` is a packed main key (rather than plain JSON).
pub fn is_packed(text: &str) -> bool {
    text.starts_with(PACKED_PREFIX)
}

/// The parts of a packed main key; `None` if `text` is not one (plain
/// JSON, written before packing or by a browser that cannot compress).
pub fn unpack(text: &str) -> Option<Packed> {
    let rest = text.strip_prefix(PACKED_PREFIX)?;
    let mut packed = Packed { header: None, measures: Vec::new() };
    for section in rest.split(SECTION).skip(1) {
        let mut fields = section.splitn(3, FIELD);
        let name = fields.next().unwrap_or_default();
        let bytes = fields
            .next()
            .and_then(|len| len.parse().ok())
            .zip(fields.next())
            .and_then(|(len, chars)| from_chars(chars, len));
        if name == HEADER {
            packed.header = bytes;
        } else if !name.is_empty() && name.len() <= 6 {
            packed.measures.push((name.to_owned(), bytes));
        } else {
            // A damaged name: the section is lost, and said to be.
            packed.measures.push(("?".to_owned(), None));
        }
    }
    Some(packed)
}

// ---------------------------------------------------------------- space

/// What local storage holds per origin, in characters (keys and values,
/// as JavaScript counts them): 5,242,880 in Chromium (measured by writing
/// until `QuotaExceededError`) and in Firefox.
pub const QUOTA_CHARS: usize = 5 * 1024 * 1024;
/// From this share of the quota on, the user is told what to do.
pub const WARN_SHARE: f64 = 0.7;

/// The space Vigie's keys take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Characters of every key Vigie wrote, the backups included.
    pub used: usize,
    /// Of which, the copies set aside.
    pub backups: usize,
}

impl Usage {
    /// The share of [`QUOTA_CHARS`] in use.
    pub fn share(&self) -> f64 {
        self.used as f64 / QUOTA_CHARS as f64
    }

    /// Whether to say what to do before the space runs out.
    pub fn is_high(&self) -> bool {
        self.share() >= WARN_SHARE
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
    BackupImpossible { reason: StorageError },
    /// Annotations kept although their measure's wording changed.
    Mismatched { measures: Vec<MeasureNo> },
    /// A write failed.
    SaveFailed { reason: StorageError },
    /// Another tab stored something unreadable, now set aside.
    OtherTabUnreadable { reason: String },
    /// Local storage is filling up: what to do before it is full.
    SpaceLow { usage: Usage },
    /// This tab drew an id already used by stored data or by a file just
    /// read (a copied browser profile, a restored disk image): it took
    /// another, so that two changes never share a stamp.
    ReplicaRenewed,
}

/// Why local storage refused to keep a text. Plain data, so that what the
/// browser said is told to the user in one wording, here, and the store and
/// the screens match on the case rather than on a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageError {
    /// The browser's quota is reached.
    Full,
    /// The browser refused the write for another reason.
    Refused,
    /// Local storage is blocked or disabled.
    Unavailable,
}

/// Said after a colon: « L’enregistrement a échoué : ‹ceci›. ».
impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StorageError::Full => "l’espace de stockage du navigateur est plein",
            StorageError::Refused => "le navigateur a refusé l’écriture",
            StorageError::Unavailable => "le stockage local de ce navigateur n’est pas disponible",
        })
    }
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
                "Vigie démarre sans ces annotations\u{a0}: {reason}. Les données d’origine \
                 n’ont pas été effacées\u{a0}: une copie est conservée et téléchargeable."
            ),
            Notice::Newer { .. } => "Ces annotations ont été enregistrées par une version \
                                     plus récente de Vigie\u{a0}: rechargez la page. D’ici là, \
                                     cet onglet est en lecture seule et n’enregistre rien."
                .to_owned(),
            Notice::Unavailable => "Le stockage local de ce navigateur est indisponible \
                                    (bloqué ou désactivé)\u{a0}: vos annotations ne seront pas \
                                    conservées après la fermeture de l’onglet. \
                                    Exportez-les pour les garder."
                .to_owned(),
            Notice::BackupImpossible { reason } => format!(
                "Impossible de mettre de côté les données illisibles\u{a0}: {reason}. \
                 Vigie n’écrira pas par-dessus\u{a0}: les modifications de cette session \
                 restent en mémoire, exportez-les."
            ),
            Notice::Mismatched { measures } => format!(
                "Le texte du plan a changé depuis certaines annotations (mesures {})\u{a0}: \
                 elles sont conservées et signalées, vérifiez-les.",
                crate::core::french::list_numbers(measures)
            ),
            Notice::SaveFailed { reason } => format!(
                "L’enregistrement a échoué\u{a0}: {reason}. Vos modifications restent dans \
                 cet onglet\u{202f}; exportez-les pour ne rien perdre."
            ),
            Notice::OtherTabUnreadable { reason } => format!(
                "Un autre onglet a enregistré des annotations illisibles ({reason}). \
                 Elles ont été mises de côté\u{202f}; les vôtres sont intactes."
            ),
            Notice::SpaceLow { usage } => format!(
                "L’espace de stockage du navigateur est occupé à {}\u{a0}%. Pour ne rien \
                 perdre quand il sera plein\u{a0}: exportez vos annotations, puis, dans les \
                 Paramètres, téléchargez et supprimez les copies mises de côté qui ne \
                 servent plus{}.",
                (usage.share() * 100.0).round() as u32,
                if usage.backups > 0 {
                    format!(" ({} Ko)", crate::core::french::integer(usage.backups / 1_000))
                } else {
                    String::new()
                }
            ),
            Notice::ReplicaRenewed => "Cet onglet portait le même identifiant que des \
                                       modifications déjà enregistrées ailleurs (profil de \
                                       navigateur copié\u{202f}?)\u{a0}: il en a pris un \
                                       nouveau, pour que deux modifications ne se confondent \
                                       jamais. Rien n’a été perdu."
                .to_owned(),
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            Notice::Migrated { .. } | Notice::ReplicaRenewed => Severity::Info,
            Notice::SpaceLow { .. } => Severity::Warning,
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
                | Notice::SpaceLow { .. }
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
    /// The marks of what the main key held, when it could be read: what a
    /// tab need not write there again.
    pub main: Option<Marks>,
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
    startup_unpacked(main, Problems::default(), journals, plan)
}

/// [`startup`] with a main key that was packed: `main` is its JSON put
/// back together, and `lost` names the measures whose part could not be
/// (the stored text is then copied aside, as for any damage).
pub fn startup_unpacked(
    main: Option<&str>,
    lost: Problems,
    journals: &[(String, String)],
    plan: &Plan,
) -> Startup {
    let mut start = Startup {
        document: Document::empty(plan),
        notices: Vec::new(),
        back_up: Vec::new(),
        folded_journals: Vec::new(),
        read_only: false,
        mismatched: Vec::new(),
        main: None,
    };
    let main = main
        .filter(|r| !r.trim().is_empty())
        .map(|r| (crate::core::files::persistence::MAIN_KEY.to_owned(), r.to_owned()));
    if !lost.is_empty() {
        start.back_up.push(MAIN_KEY.to_owned());
    }
    let mut dropped = lost;
    for (key, raw) in main.iter().chain(journals.iter()) {
        match read_copy(raw, plan) {
            Copy::Read { document, migrated_from, dropped: lost } => {
                if key == MAIN_KEY && migrated_from.is_none() && lost.is_empty() {
                    start.main = Some(Marks::of(&document));
                }
                start.document.fold_tab(&document);
                if let Some(from) = migrated_from {
                    if !start.notices.contains(&Notice::Migrated { from }) {
                        start.notices.push(Notice::Migrated { from });
                    }
                }
                // The old or damaged text stays aside until the user has checked.
                if (migrated_from.is_some() || !lost.is_empty()) && !start.back_up.contains(key) {
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
                    reason: format!("les annotations enregistrées sont illisibles\u{a0}: {reason}"),
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
