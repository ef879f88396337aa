import { test, expect, open, shownNumbers } from './fixtures.js';
import { MAIN_KEY } from '../../tools/vigie.mjs';

const visible = (page) => page.locator('article.measure');

test('la recherche filtre en direct, surligne et compte', async ({ page }) => {
  await open(page);
  const search = page.getByRole('searchbox', { name: 'Rechercher' });
  await search.fill('blanchiment');
  await expect(page.locator('.count')).toHaveText(/mesures sur 55$/);
  const shown = await shownNumbers(page);
  expect(shown).toEqual(expect.arrayContaining([24, 26, 27, 46, 47, 53]));
  expect(shown).not.toContain(1);
  await expect(page.locator('#mesure-26 mark').first()).toHaveText('blanchiment');
});

test('accents, élisions et sigles développés', async ({ page }) => {
  await open(page);
  const search = page.getByRole('searchbox', { name: 'Rechercher' });
  await search.fill('OFFICE ANTI-STUPEFIANTS');
  await expect(page.locator('#mesure-3')).toBeVisible();
  await expect(page.locator('#mesure-3 .measure-text mark')).toHaveText(['Ofast']);
  await search.fill("l'ofast");
  await expect(page.locator('#mesure-3')).toBeVisible();
  await search.fill('formation');
  await expect(page.locator('#mesure-30')).toBeVisible();
  await expect(page.locator('#mesure-2')).toHaveCount(0);
});

test('sans résultat, on le dit et on propose de tout effacer', async ({ page }) => {
  await open(page);
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('zorglub');
  await expect(page.getByText('Aucune mesure ne correspond à « zorglub »')).toBeVisible();
  await expect(page.locator('.count')).toHaveText('0 mesure sur 55');
  await page.getByRole('button', { name: 'Effacer la recherche et les filtres' }).click();
  await expect(visible(page)).toHaveCount(55);
  await expect(page).toHaveURL(/#\/$/);
});

test('un mot absent du plan : les mesures qui ont les autres, et une ligne qui le dit', async ({ page }) => {
  await open(page);
  const search = page.getByRole('searchbox', { name: 'Rechercher' });
  await search.fill('avoirs Maroc Zanzibar');
  await expect(page.locator('.partial-answer')).toHaveText(
    'Aucune mesure ne contient «\u202fZanzibar\u202f»\u202f; voici celles qui contiennent les autres mots.');
  await expect(page.locator('.count')).toHaveText('1 mesure sur 55, avec une partie des mots');
  expect(await shownNumbers(page)).toEqual([48]);
  // The address keeps what was typed: the link gives the same answer.
  await expect(page).toHaveURL(/q=avoirs(\+|%20)Maroc(\+|%20)Zanzibar/);
  await page.reload();
  await expect(page.locator('.partial-answer')).toContainText('Zanzibar');
  expect(await shownNumbers(page)).toEqual([48]);
  // Every word found: the line goes.
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('avoirs Maroc');
  await expect(page.locator('.partial-answer')).toBeHidden();
});

test('le mot du métier trouve le mot du plan, et la fiche dit comment', async ({ page }) => {
  await open(page);
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('narcotrafic');
  const card = page.locator('#mesure-25');
  await expect(card.locator('.found-by')).toHaveText(
    'Trouvé par\u00a0: trafic de stupéfiants (synonyme de «\u202fnarcotrafic\u202f»)');
  await expect(card.locator('.measure-text mark')).toHaveText(['trafic de stupéfiants']);
  // A sigle typed in capitals is a whole word: « DOM » is not « dominicaine ».
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('DOM');
  await expect(page.locator('#mesure-45')).toBeVisible();
  await expect(page.locator('#mesure-37')).toHaveCount(0);
});

test('l’ordre de pertinence vaut pour toute la liste, chaque fiche gardant son objectif', async ({ page }) => {
  await open(page);
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('avoirs');
  await expect(page.locator('.count')).toHaveText('8 mesures sur 55');
  const shown = await shownNumbers(page);
  // 48 (objective 5) says « avoirs »; 29 (objective 4) only through its objective.
  expect(shown.indexOf(48)).toBeLessThan(shown.indexOf(29));
  await expect(page.locator('#mesure-48 .measure-objective')).toHaveText('Objectif 5 · Coopération internationale');
  await expect(page.locator('h2.objective-title')).toHaveCount(0);
  // One or two letters keep the plan's order, under the objectives.
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('av');
  await expect(page.locator('h2.objective-title').first()).toBeVisible();
});

test('les facettes combinent OU dans une facette, ET entre facettes, avec des puces', async ({ page }) => {
  await open(page);
  await page.getByRole('checkbox', { name: /^3\. Économie/ }).check();
  await expect(visible(page)).toHaveCount(5);
  await page.getByRole('checkbox', { name: /^4\. Saisie/ }).check();
  await expect(visible(page)).toHaveCount(10);
  await expect(page).toHaveURL(/objectif=3%2C4|objectif=3,4/);
  await page.getByRole('button', { name: /Retirer le filtre Objectif\s: 3\./ }).click();
  await expect(visible(page)).toHaveCount(5);
  await page.getByRole('button', { name: 'Tout effacer' }).click();
  await expect(visible(page)).toHaveCount(55);
});

test('les compteurs suivent la recherche et les valeurs vides sont désactivées', async ({ page }) => {
  await open(page, '#/?q=maroc');
  await expect(visible(page)).toHaveCount(2);
  const objective1 = page.getByRole('checkbox', { name: /^1\. Connaissance/ });
  await expect(objective1).toBeDisabled();
  await expect(page.getByRole('checkbox', { name: /^5\. Coopération/ })).toBeEnabled();
});

test('un lien partagé reproduit la vue, et Précédent revient en arrière', async ({ page }) => {
  await open(page, '#/?q=maroc&objectif=5');
  await expect(page.getByRole('searchbox', { name: 'Rechercher' })).toHaveValue('maroc');
  await expect.poll(() => shownNumbers(page)).toEqual([35, 48]);
  await expect(page.getByRole('checkbox', { name: /^5\. Coopération/ })).toBeChecked();
  await page.reload();
  await expect.poll(() => shownNumbers(page)).toEqual([35, 48]);
  await page.getByRole('checkbox', { name: /^Avoirs criminels/ }).check();
  await expect(visible(page)).toHaveCount(1);
  await expect(page).toHaveURL(/theme=avoirs-criminels/);
  await page.goBack();
  await expect.poll(() => shownNumbers(page)).toEqual([35, 48]);
  await page.goForward();
  await expect.poll(() => shownNumbers(page)).toEqual([48]);
});

test('la saisie ne remplit pas l’historique', async ({ page }) => {
  await open(page);
  const search = page.getByRole('searchbox', { name: 'Rechercher' });
  await search.pressSequentially('douane', { delay: 20 });
  await expect(page).toHaveURL(/q=douane$/);
  await page.goBack();
  await expect(page).toHaveURL(/#\/$/);
  await expect(search).toHaveValue('');
});

// The address follows a keystroke a frame later (src/ui/router.rs). Types
// `word` whole, its last letter and a click on `link` in one task: before
// the next frame, so before the address is written.
async function typeThenFollow(page, word, link) {
  await open(page);
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill(word.slice(0, -1));
  await page.evaluate(async ([word, link]) => {
    const box = document.getElementById('recherche');
    box.value = word;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    document.querySelector(link).click();
  }, [word, link]);
}

test('une mesure ouverte aussitôt la recherche tapée ramène à cette recherche', async ({ page }) => {
  await typeThenFollow(page, 'blanchiment', '#mesure-24 .measure-title a');
  await expect(page).toHaveURL(/#\/mesure\/24$/);
  await page.goBack();
  await expect(page).toHaveURL(/#\/\?q=blanchiment$/);
  await expect(page.getByRole('searchbox', { name: 'Rechercher' })).toHaveValue('blanchiment');
  await expect(page.locator('#mesure-24')).toBeVisible();
});

// A link outside the list (the header) writes it first too.
test('un lien de l’en-tête suivi aussitôt la recherche tapée laisse la recherche à Précédent', async ({ page }) => {
  await typeThenFollow(page, 'douane', '.app-header nav a[href="#/tableau-de-bord"]');
  await expect(page).toHaveURL(/#\/tableau-de-bord$/);
  await page.goBack();
  await expect(page).toHaveURL(/#\/\?q=douane$/);
  await expect(page.getByRole('searchbox', { name: 'Rechercher' })).toHaveValue('douane');
});

test('« / » place le curseur dans la recherche, Échap l’efface', async ({ page }) => {
  await open(page, '#/?q=cyber');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Rechercher' });
  await expect(search).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(visible(page)).toHaveCount(55);
});

test('les facettes se cochent au clavier sans perdre le focus', async ({ page }) => {
  await open(page);
  const box = page.getByRole('checkbox', { name: /^2\. Activités/ });
  await box.focus();
  await page.keyboard.press('Space');
  await expect(visible(page)).toHaveCount(14);
  await expect(box).toBeFocused();
});

test('le glossaire liste chaque sigle, son développement et ses mesures', async ({ page }) => {
  await open(page, '#/glossaire');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Glossaire des sigles');
  const ofast = page.locator('#sigle-ofast');
  await expect(ofast).toContainText('Office anti-stupéfiants');
  await ofast.getByRole('link', { name: /^Mesure 3\s:/ }).click();
  await expect(page).toHaveURL(/#\/mesure\/3$/);
  await open(page, '#/glossaire');
  const ocrtis = page.locator('#sigle-ocrtis');
  await expect(ocrtis).toContainText('présentation du plan');
  // The official form is the entry; the source's spelling is given.
  await expect(ocrtis).toContainText('Aussi écrit : « Octris »');
});

// A long answer shows its first cards in the keystroke's own frame and the
// rest in the next tasks, telling screen readers to wait meanwhile.
test('une réponse qui remplace une longue liste s’affiche aussitôt, puis se complète', async ({ page }) => {
  await page.goto('?banc=250#/');
  await expect(visible(page)).toHaveCount(100);
  const atOnce = await page.evaluate(async () => {
    const box = document.getElementById('recherche');
    box.value = 'coopération';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    const results = document.querySelector('.results');
    return { cards: document.querySelectorAll('article.measure').length, busy: results.getAttribute('aria-busy') };
  });
  expect(atOnce.busy).toBe('true');
  expect(atOnce.cards).toBeGreaterThan(0);
  expect(atOnce.cards).toBeLessThan(78);
  await expect(page.locator('.count')).toHaveText('78 mesures sur 250');
  await expect(page.locator('.results')).not.toHaveAttribute('aria-busy', /./);
  await expect(visible(page)).toHaveCount(78);
});

test('une longue liste s’affiche par pages de 100, et chaque recherche repart de la première', async ({ page }) => {
  // `?banc=250`: a synthetic plan of 250 measures, kept in memory only.
  await page.goto('?banc=250#/');
  await expect(page.locator('.count')).toHaveText('250 mesures');
  await expect(visible(page)).toHaveCount(100);
  await page.getByRole('button', { name: 'Afficher 100 mesures de plus (150 restantes)' }).click();
  await expect(visible(page)).toHaveCount(200);
  await page.getByRole('button', { name: 'Afficher 50 mesures de plus (50 restantes)' }).click();
  await expect(visible(page)).toHaveCount(250);
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('de');
  await expect(visible(page)).toHaveCount(100);
  expect(await page.evaluate((key) => localStorage.getItem(key), MAIN_KEY)).toBeNull();
});
