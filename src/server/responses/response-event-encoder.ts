import type { StreamPart } from '../../types/stream-part.js';
import type { ErrorAnswer, StreamEncoder } from '../core/surface.js';
import type { ResponsesCall } from './convert-responses-request.js';
import {
  convertToResponseUsage,
  incompleteReasonOf,
  type ResponseEnding,
  type ResponseOutputItem,
  responseObject,
} from './convert-to-response-object.js';

/** The output item being streamed, if any. */
type OpenItem =
  | { kind: 'message'; index: number; id: string; text: string }
  | { kind: 'reasoning'; index: number; id: string; text: string }
  | {
      kind: 'function';
      index: number;
      id: string;
      callIndex: number;
      callId: string;
      name: string;
      text: string;
    };

/**
 * Turns the router's stream parts into the Responses API's semantic events, each numbered with
 * `sequence_number` from 0: `response.created` and `response.in_progress`, then per output item
 * `response.output_item.added`, its content (`response.content_part.added`, `response.output_text.delta`
 * and `.done`, `response.content_part.done`; or `response.function_call_arguments.delta` and `.done`; or
 * the reasoning summary events) and `response.output_item.done`; then `response.completed` (or
 * `response.incomplete` when the answer was cut short, the item it was cut in marked `incomplete`) with
 * the whole Response and its usage. A stream that fails after it started ends with `response.failed`,
 * then `error`.
 */
export class ResponseEventEncoder implements StreamEncoder {
  private sequence = 0;
  private started = false;
  private open: OpenItem | undefined = undefined;
  private readonly output: ResponseOutputItem[] = [];
  private readonly streamedCalls = new Set<number>();
  private readonly responseId: string;

  constructor(private readonly context: { id: string; created: number; model: string; call: ResponsesCall }) {
    this.responseId = `resp_${context.id}`;
  }

  encode(part: StreamPart): string {
    let frames = this.started ? '' : this.start();
    switch (part.type) {
      case 'text-delta': {
        if (this.open?.kind !== 'message') frames += this.close() + this.openMessage();
        const item = this.open as Extract<OpenItem, { kind: 'message' }>;
        item.text += part.text;
        return (
          frames +
          this.event('response.output_text.delta', {
            item_id: item.id,
            output_index: item.index,
            content_index: 0,
            delta: part.text,
            logprobs: [],
          })
        );
      }
      case 'reasoning-delta': {
        if (this.open?.kind !== 'reasoning') frames += this.close() + this.openReasoning();
        const item = this.open as Extract<OpenItem, { kind: 'reasoning' }>;
        item.text += part.text;
        return (
          frames +
          this.event('response.reasoning_summary_text.delta', {
            item_id: item.id,
            output_index: item.index,
            summary_index: 0,
            delta: part.text,
          })
        );
      }
      case 'reasoning-end':
        return this.open?.kind === 'reasoning' ? frames + this.close() : frames;
      case 'tool-call-delta': {
        if (!(this.open?.kind === 'function' && this.open.callIndex === part.index)) {
          frames +=
            this.close() + this.openFunction({ callIndex: part.index, callId: part.id, name: part.name });
        }
        return frames + this.argumentsDelta(part.argumentsDelta);
      }
      case 'tool-call': {
        if (this.streamedCalls.has(part.index)) {
          return this.open?.kind === 'function' && this.open.callIndex === part.index
            ? frames + this.close()
            : frames;
        }
        const { toolCall } = part;
        frames +=
          this.close() +
          this.openFunction({ callIndex: part.index, callId: toolCall.id, name: toolCall.name });
        return frames + this.argumentsDelta(toolCall.arguments) + this.close();
      }
      case 'finish': {
        const incompleteReason = incompleteReasonOf(part);
        // The item still open when the answer was cut short is the one cut: its text stops mid-way, or its
        // arguments are not whole JSON (a call streamed only as fragments), so it must not read as done.
        frames += this.close(incompleteReason ? 'incomplete' : 'completed');
        const ending: ResponseEnding = {
          status: incompleteReason ? 'incomplete' : 'completed',
          output: this.output,
          usage: convertToResponseUsage(part.usage),
        };
        if (incompleteReason) ending.incompleteReason = incompleteReason;
        const type = incompleteReason ? 'response.incomplete' : 'response.completed';
        return frames + this.event(type, { response: this.response(ending, part.model) });
      }
    }
  }

  fail(answer: ErrorAnswer): string {
    const error = { code: answer.code ?? answer.type, message: answer.message };
    // `response.failed` is the lifecycle's terminal event; `error` follows it for clients that stop at
    // the first `error` (the openai client ends its stream there), so they see both.
    return (
      this.event('response.failed', {
        response: this.response({ status: 'failed', output: this.output, usage: null, error }),
      }) + this.event('error', { ...error, param: null })
    );
  }

  private start(): string {
    this.started = true;
    const response = this.response({ status: 'in_progress', output: [], usage: null });
    return this.event('response.created', { response }) + this.event('response.in_progress', { response });
  }

  private response(ending: ResponseEnding, model?: string): Record<string, unknown> {
    return responseObject({
      id: this.responseId,
      created: this.context.created,
      model: model ?? this.context.model,
      call: this.context.call,
      ending,
    });
  }

  private openMessage(): string {
    const index = this.output.length;
    const id = `msg_${this.context.id}_${index}`;
    this.open = { kind: 'message', index, id, text: '' };
    this.output.push({ type: 'message', id, status: 'in_progress', role: 'assistant', content: [] });
    return (
      this.event('response.output_item.added', { output_index: index, item: this.output[index] }) +
      this.event('response.content_part.added', {
        item_id: id,
        output_index: index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      })
    );
  }

  private openReasoning(): string {
    const index = this.output.length;
    const id = `rs_${this.context.id}_${index}`;
    this.open = { kind: 'reasoning', index, id, text: '' };
    this.output.push({ type: 'reasoning', id, summary: [] });
    return (
      this.event('response.output_item.added', { output_index: index, item: this.output[index] }) +
      this.event('response.reasoning_summary_part.added', {
        item_id: id,
        output_index: index,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      })
    );
  }

  private openFunction(call: { callIndex: number; callId: string; name: string }): string {
    const index = this.output.length;
    const id = `fc_${call.callId}`;
    this.streamedCalls.add(call.callIndex);
    this.open = { kind: 'function', index, id, ...call, text: '' };
    this.output.push({
      type: 'function_call',
      id,
      call_id: call.callId,
      name: call.name,
      arguments: '',
      status: 'in_progress',
    });
    return this.event('response.output_item.added', { output_index: index, item: this.output[index] });
  }

  private argumentsDelta(delta: string): string {
    const item = this.open as Extract<OpenItem, { kind: 'function' }>;
    if (delta === '') return '';
    item.text += delta;
    return this.event('response.function_call_arguments.delta', {
      item_id: item.id,
      output_index: item.index,
      delta,
    });
  }

  /** The events that finish the open item, whose finished form replaces its placeholder in the output. */
  private close(status: 'completed' | 'incomplete' = 'completed'): string {
    const item = this.open;
    if (item === undefined) return '';
    this.open = undefined;
    const { id, index, text } = item;
    let frames: string;
    let done: ResponseOutputItem;
    switch (item.kind) {
      case 'message': {
        const part = { type: 'output_text' as const, text, annotations: [] as [], logprobs: [] as [] };
        done = { type: 'message', id, status, role: 'assistant', content: [part] };
        frames =
          this.event('response.output_text.done', {
            item_id: id,
            output_index: index,
            content_index: 0,
            text,
            logprobs: [],
          }) +
          this.event('response.content_part.done', {
            item_id: id,
            output_index: index,
            content_index: 0,
            part,
          });
        break;
      }
      case 'reasoning': {
        const part = { type: 'summary_text' as const, text };
        done = { type: 'reasoning', id, summary: [part] };
        frames =
          this.event('response.reasoning_summary_text.done', {
            item_id: id,
            output_index: index,
            summary_index: 0,
            text,
          }) +
          this.event('response.reasoning_summary_part.done', {
            item_id: id,
            output_index: index,
            summary_index: 0,
            part,
          });
        break;
      }
      case 'function':
        done = {
          type: 'function_call',
          id,
          call_id: item.callId,
          name: item.name,
          arguments: text,
          status,
        };
        frames = this.event('response.function_call_arguments.done', {
          item_id: id,
          output_index: index,
          name: item.name,
          arguments: text,
        });
        break;
    }
    this.output[index] = done;
    return frames + this.event('response.output_item.done', { output_index: index, item: done });
  }

  private event(type: string, fields: Record<string, unknown>): string {
    const data = JSON.stringify({ type, sequence_number: this.sequence++, ...fields });
    return `event: ${type}\ndata: ${data}\n\n`;
  }
}
