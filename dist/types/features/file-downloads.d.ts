import type { Feature } from '../hooks.js';
export declare const DEFAULT_EXTENSIONS = "pdf,zip,gz,dmg,exe,msi,pkg,deb,rpm,apk,csv,xls,xlsx,doc,docx,ppt,pptx,txt,rtf,mp3,mp4,mov,avi,wav,epub";
/** The extensions a setting lists (`"pdf, .ZIP"` → pdf, zip); blank or "true": the default list. */
export declare const extensionList: (setting: string) => string[];
/** Whether `url`'s path ends in one of `extensions` (`/files/report.PDF`: pdf). */
export declare const isDownload: (url: URL, extensions: string[]) => boolean;
/** Whether the settings count a click on a link to `url` as a file download. */
export declare const countsAsDownload: (url: URL, config: Record<string, any>) => boolean;
export declare const fileDownloads: Feature;
