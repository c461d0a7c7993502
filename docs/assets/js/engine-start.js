// Loaded first thing on a page with a quiz (overrides/main.html, top of <head>, async): the engine's
// download and start take longest, so they begin before the stylesheets and the rest of the page.
import { startEngineAhead } from "./engine-client.js";

startEngineAhead();
