import type { LanguageModelV3StreamPart, SharedV3Warning } from '@ai-sdk/provider';
import type { RouterStream } from '../types/call.js';
import type { StreamPart } from '../types/stream-part.js';
import { convertToolCall, reasoningMetadata } from './convert-to-ai-sdk-content.js';
import { convertToAiSdkUsage } from './convert-to-ai-sdk-usage.js';
import { mapAiSdkFinishReason } from './map-ai-sdk-finish-reason.js';
import { routerMetadata } from './router-metadata.js';

type Controller = ReadableStreamDefaultController<LanguageModelV3StreamPart>;

/** A router stream already started, with its first part read (so failures before content throw early). */
export interface StartedRouterStream {
  stream: RouterStream;
  iterator: AsyncIterator<StreamPart>;
  first: IteratorResult<StreamPart>;
  warnings: SharedV3Warning[];
}

/**
 * The router's typed parts as the AI SDK's stream parts: every text, reasoning and tool-input block
 * opened, filled and closed in order with one id, then `finish` with the usage and the trail. A failure
 * after content becomes an `error` part, so the AI SDK reports it instead of a short answer. Cancelling
 * the readable side ends the router stream, which aborts the upstream request.
 */
export function convertToAiSdkStream(
  started: StartedRouterStream,
): ReadableStream<LanguageModelV3StreamPart> {
  const blocks = new BlockState();
  let pending: IteratorResult<StreamPart> | undefined = started.first;
  let ended = false;
  return new ReadableStream<LanguageModelV3StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: started.warnings });
    },
    async pull(controller) {
      try {
        for (;;) {
          const result = pending ?? (await started.iterator.next());
          pending = undefined;
          if (result.done) {
            ended = true;
            blocks.closeAll(controller);
            const response = await started.stream.response;
            controller.enqueue({ type: 'response-metadata', id: response.id, modelId: response.model });
            controller.enqueue({
              type: 'finish',
              finishReason: mapAiSdkFinishReason(response.finishReason),
              usage: convertToAiSdkUsage(response.usage),
              providerMetadata: routerMetadata(response),
            });
            controller.close();
            return;
          }
          // One router part can make no AI SDK part (an empty delta, the finish part); read on until one does.
          if (blocks.write(controller, result.value)) return;
        }
      } catch (error) {
        ended = true;
        controller.enqueue({ type: 'error', error });
        controller.close();
      }
    },
    async cancel(reason) {
      if (ended) return;
      ended = true;
      started.stream.abort(reason);
      await started.iterator.return?.();
    },
  });
}

/** Which blocks are open, so each part lands in the right one and every block is closed exactly once. */
class BlockState {
  private count = 0;
  private textId: string | undefined;
  private reasoningId: string | undefined;
  /** Tool inputs by the call's position in the turn: its id, and whether its input block has ended. */
  private readonly toolInputs = new Map<number, { id: string; ended: boolean }>();

  /** Writes the AI SDK parts for one router part; false when there were none. */
  write(controller: Controller, part: StreamPart): boolean {
    switch (part.type) {
      case 'text-delta':
        if (part.text === '') return false;
        this.closeReasoning(controller);
        if (this.textId === undefined) {
          this.textId = this.nextId('text');
          controller.enqueue({ type: 'text-start', id: this.textId });
        }
        controller.enqueue({ type: 'text-delta', id: this.textId, delta: part.text });
        return true;
      case 'reasoning-delta':
        if (part.text === '') return false;
        this.closeText(controller);
        controller.enqueue({ type: 'reasoning-delta', id: this.openReasoning(controller), delta: part.text });
        return true;
      case 'reasoning-end': {
        this.closeText(controller);
        const id = this.openReasoning(controller);
        const metadata = reasoningMetadata(part.block);
        controller.enqueue(
          metadata === undefined
            ? { type: 'reasoning-end', id }
            : { type: 'reasoning-end', id, providerMetadata: metadata },
        );
        this.reasoningId = undefined;
        return true;
      }
      case 'tool-call-delta': {
        this.closeText(controller);
        this.closeReasoning(controller);
        const input = this.openToolInput(controller, { index: part.index, id: part.id, name: part.name });
        if (part.argumentsDelta !== '') {
          controller.enqueue({ type: 'tool-input-delta', id: input.id, delta: part.argumentsDelta });
        }
        return true;
      }
      case 'tool-call': {
        this.closeText(controller);
        this.closeReasoning(controller);
        const { toolCall } = part;
        const known = this.toolInputs.has(part.index);
        const input = this.openToolInput(controller, {
          index: part.index,
          id: toolCall.id,
          name: toolCall.name,
        });
        // A call that arrived whole (no deltas) still gets its input block, as streamed calls do.
        if (!known && toolCall.arguments !== '') {
          controller.enqueue({ type: 'tool-input-delta', id: input.id, delta: toolCall.arguments });
        }
        if (!input.ended) controller.enqueue({ type: 'tool-input-end', id: input.id });
        input.ended = true;
        controller.enqueue(convertToolCall(toolCall));
        return true;
      }
      case 'finish':
        return false;
    }
  }

  closeAll(controller: Controller): void {
    this.closeText(controller);
    this.closeReasoning(controller);
  }

  private nextId(kind: string): string {
    return `${kind}-${this.count++}`;
  }

  private openReasoning(controller: Controller): string {
    if (this.reasoningId === undefined) {
      this.reasoningId = this.nextId('reasoning');
      controller.enqueue({ type: 'reasoning-start', id: this.reasoningId });
    }
    return this.reasoningId;
  }

  private openToolInput(controller: Controller, call: { index: number; id: string; name: string }) {
    let input = this.toolInputs.get(call.index);
    if (input === undefined) {
      input = { id: call.id, ended: false };
      this.toolInputs.set(call.index, input);
      controller.enqueue({ type: 'tool-input-start', id: call.id, toolName: call.name });
    }
    return input;
  }

  private closeText(controller: Controller): void {
    if (this.textId === undefined) return;
    controller.enqueue({ type: 'text-end', id: this.textId });
    this.textId = undefined;
  }

  private closeReasoning(controller: Controller): void {
    if (this.reasoningId === undefined) return;
    controller.enqueue({ type: 'reasoning-end', id: this.reasoningId });
    this.reasoningId = undefined;
  }
}
