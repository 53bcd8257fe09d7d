/** Where botbuilder's ConversationState and UserState keep their items (default namespace). */
export function conversationStateKey(channelId: string, conversationId: string): string {
  return `${channelId}/conversations/${conversationId}/`;
}

export function userStateKey(channelId: string, userId: string): string {
  return `${channelId}/users/${userId}/`;
}

/** The built-in Direct Line's copy of a conversation. */
export function directLineHistoryKey(conversationId: string): string {
  return `directline/${conversationId}`;
}

/**
 * What the retention sweep may delete once it has not been written for the retention period: conversation
 * and user state, Direct Line copies, agents' sign-in sessions. (Desk cases go by their end time.)
 */
export function isSweptStateKey(key: string): boolean {
  return (
    /^[^/]+\/(conversations|users)\//.test(key) ||
    key.startsWith('directline/') ||
    key.startsWith('desk/session/')
  );
}
