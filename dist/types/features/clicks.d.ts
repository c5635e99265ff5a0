import type { FeatureContext } from '../hooks.js';
/** What a click (or a form's submit) was on. */
export interface Clicked {
    /**
     * The element whose `data-lyt-event` the click sends: the nearest tagged ancestor of (or
     * the) target, unless that is a form (a form sends on submit, not on clicks inside it);
     * for a submit, the form when it is tagged.
     */
    tagged?: HTMLElement;
    /** Where the clicked link (`<a href>`, `<area href>`) leads, when it is a web (http, https) link. */
    url?: URL;
}
export type ClickHandler = (clicked: Clicked) => void;
/** The web address a link's `href` leads to; nothing for mailto:, tel:, javascript:… */
export declare const webUrl: (href: unknown) => URL | undefined;
/** The address without its query and hash, which may hold tokens: origin and path. */
export declare const withoutQuery: (url: URL) => string;
/** What a click or submit `event` was on, or nothing for a button it does not count (right). */
export declare const clickedBy: (event: Event) => Clicked | undefined;
/** Calls `handler` for every counted click and submit on the tracker's page. */
export declare const onClick: (tracker: object, { window: win, guard }: FeatureContext, handler: ClickHandler) => void;
