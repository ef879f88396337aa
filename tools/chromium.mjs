// The one definition of how every script here launches Chromium: Debian's
// binary (never a downloaded one), with the flags that avoid refused
// connections on a closed network and let it run as root.
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--lang=fr-FR',
];
