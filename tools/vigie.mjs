// Names the browser side of Vigie shares with these scripts and tests, in
// one place. The Rust side defines the same (core::files::persistence, ui::boot);
// tests/tools.rs checks that both, and index.html's boot check, agree.

/** The main annotation key (core::files::persistence::MAIN_KEY). */
export const MAIN_KEY = 'vigie.annotations';
/** Each open tab's journal key starts so (core::files::persistence::JOURNAL_PREFIX). */
export const JOURNAL_PREFIX = 'vigie.annotations.onglet.';
/** Copies set aside start so (core::files::persistence::BACKUP_PREFIX). */
export const BACKUP_PREFIX = 'vigie.annotations.sauvegarde.';
/** Each open tab's drafts key starts so (core::record::drafts::DRAFTS_PREFIX). */
export const DRAFTS_PREFIX = 'vigie.brouillons.onglet.';
/** The class <body> carries while the prerendered page shows (ui::boot). */
export const BOOTING = 'demarrage';

/** Whether `key` holds annotations Vigie reads at start-up. */
export function isAnnotationKey(key) {
  return key === MAIN_KEY || key.startsWith(JOURNAL_PREFIX);
}

/**
 * Resolves once the live app has replaced the prerendered page (see
 * src/ui/boot.rs): before that, controls are only pictures of themselves.
 */
export function appReady(page, selector = 'main') {
  return page.waitForFunction(
    ([booting, sel]) => document.body && !document.body.classList.contains(booting) && document.querySelector(sel),
    [BOOTING, selector],
  );
}
