// The end-to-end tests' host (playwright.config.js starts it): dist/, or
// $DIST, on $PORT under /vigie/.
import { serve } from '../tools/serve.mjs';

const { url } = await serve({ root: process.env.DIST ?? 'dist', port: Number(process.env.PORT ?? 4173) });
console.log(`dist/ servi sur ${url}`);
