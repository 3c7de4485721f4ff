/**
 * The browser tests' Chromium switches, added to playwright-core's own (its chromiumSwitches).
 *
 * New headless Chromium opens a browser window for every browser context, and each window made its
 * omnibox (address bar) suggestion popup as a WebUI page in a renderer process of its own: about
 * 0.5 s of CPU per context (test/README.md), for browser chrome no test sees. Turning the WebUI
 * popup off leaves the pages, their rendering and their accessibility tree as they were.
 *
 * Chromium reads only the LAST --disable-features switch, and playwright-core passes one of its
 * own first, so ours repeats its list (1.65; `chromiumFlags.test.ts` fails when playwright-core's
 * list has a name this one lacks).
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];
const OMNIBOX_WEBUI_POPUP = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=sv-SE',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_WEBUI_POPUP].join(',')}`,
];
