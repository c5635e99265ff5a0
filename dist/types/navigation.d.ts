export declare function watchNavigation(win: Window, onNavigate: () => void): void;
