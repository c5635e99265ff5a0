export interface SafeStorage {
    get(key: string): string | null;
    /** False when the value could not be stored (missing, full or throwing storage). */
    set(key: string, value: string): boolean;
    remove(key: string): void;
    /** Keys that start with `prefix`. */
    keys(prefix: string): string[];
}
export declare function safeStorage(open: () => Storage | null | undefined, onFailure: (error: unknown) => void): SafeStorage;
