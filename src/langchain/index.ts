export type { RouterChatModelCallOptions, RouterChatModelFields } from './router-chat-model.js';
export { RouterChatModel } from './router-chat-model.js';
