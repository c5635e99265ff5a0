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
export declare function excludeMatcher(patterns: string): (path: string) => boolean;
