export declare const watchNavigation: (win: Window, onNavigate: () => void) => void;
