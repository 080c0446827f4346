// Placeholder entry point, replaced by the real handler in the next commit.
export const handler = async (_event: unknown): Promise<void> => {};
