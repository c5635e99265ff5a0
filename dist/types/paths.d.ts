/** The tracked path of a location: the pathname, plus the hash under hash routing. */
export declare const trackedPath: (location: {
    pathname: string;
    hash: string;
}, hashRouting: boolean) => string;
/**
 * Turns `data-exclude` ("/admin/*, /health") into a test: each pattern matches a whole
 * path, and `*` matches any run of characters (slashes and line breaks included).
 * (`configure` makes a list a string first: its items joined by commas.)
 */
export declare function nameMatcher(patterns: string): (path: string) => boolean;
/**
 * The part of a page's query string that is sent (`data-query`): the parameters whose
 * names, as written in the URL, `isSent` accepts (the tracker's: `utm_*` and the listed
 * names, `*` for all). By default nothing else leaves the page: a password-reset link's
 * `?token=` must not.
 */
export declare const keptQuery: (search: string, isSent: (name: string) => boolean) => string | undefined;
