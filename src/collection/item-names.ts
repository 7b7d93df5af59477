/**
 * The names of the generated folders and requests. A module of their own, without the Postman
 * SDK: a Newman run needs the names, and loading postman-collection 5 for them (Newman brings
 * its own 4.x) cost every `newman` start about a tenth of a second (BENCHMARKS.md).
 */
export const TOKEN_FOLDER_NAME = 'Token';
export const API_FOLDER_NAME = 'API';
export const TOKEN_REQUEST_NAME = 'Get access token (client credentials)';
/** Postman app only: Newman cannot press "Get New Access Token", so runs leave this folder out. */
export const BROWSER_SIGN_IN_FOLDER_NAME = 'Browser sign-in';
export const BROWSER_SIGN_IN_REQUEST_NAME = 'Sign in in the browser (implicit grant)';
