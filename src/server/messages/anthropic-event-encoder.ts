import type { StreamPart } from '../../types/stream-part.js';
import type { ErrorAnswer, StreamEncoder } from '../core/surface.js';
import { convertToAnthropicUsage } from './convert-to-anthropic-usage.js';
import { mapToAnthropicStopReason } from './map-to-anthropic-stop-reason.js';

/** The kind of content block open in the stream, if any. */
type OpenBlock = { kind: 'text' } | { kind: 'thinking' } | { kind: 'tool'; callIndex: number } | undefined;

const textStart = '{"type":"text","text":""}';
const thinkingStart = '{"type":"thinking","thinking":"","signature":""}';

/**
 * Turns the router's stream parts into Anthropic's Messages event sequence, whichever vendor served:
 * `message_start` and a `ping`, then per content block `content_block_start`, its deltas (`text_delta`,
 * `thinking_delta` and `signature_delta`, `input_json_delta`) and `content_block_stop`, with block indices
 * from 0 in order; the `finish` part closes with `message_delta` (stop reason and usage) and
 * `message_stop`. A stream that fails after it started ends with an `error` event, which Anthropic's
 * clients raise as the error it names.
 */
export class AnthropicEventEncoder implements StreamEncoder {
  private started = false;
  private open: OpenBlock = undefined;
  private nextIndex = 0;
  private readonly streamedCalls = new Set<number>();

  constructor(private readonly message: { id: string; model: string }) {}

  encode(part: StreamPart): string {
    const prelude = this.started ? '' : this.messageStart();
    switch (part.type) {
      case 'text-delta':
        return `${prelude}${this.ensureOpen({ kind: 'text' }, textStart)}${this.delta(`{"type":"text_delta","text":${JSON.stringify(part.text)}}`)}`;
      case 'reasoning-delta':
        return `${prelude}${this.ensureOpen({ kind: 'thinking' }, thinkingStart)}${this.delta(`{"type":"thinking_delta","thinking":${JSON.stringify(part.text)}}`)}`;
      case 'reasoning-end': {
        const { block } = part;
        if (block.redactedData !== undefined) {
          return `${prelude}${this.close()}${this.start(`{"type":"redacted_thinking","data":${JSON.stringify(block.redactedData)}}`, { kind: 'thinking' })}${this.close()}`;
        }
        let frames = prelude;
        // Reasoning that arrived whole (no deltas) still becomes one thinking block.
        if (this.open?.kind !== 'thinking') {
          frames += this.ensureOpen({ kind: 'thinking' }, thinkingStart);
          if (block.text !== '')
            frames += this.delta(`{"type":"thinking_delta","thinking":${JSON.stringify(block.text)}}`);
        }
        if (block.signature)
          frames += this.delta(`{"type":"signature_delta","signature":${JSON.stringify(block.signature)}}`);
        return frames + this.close();
      }
      case 'tool-call-delta': {
        let frames = prelude;
        if (!(this.open?.kind === 'tool' && this.open.callIndex === part.index)) {
          frames += this.close();
          this.streamedCalls.add(part.index);
          frames += this.start(toolStart(part.id, part.name), { kind: 'tool', callIndex: part.index });
        }
        if (part.argumentsDelta !== '') frames += this.jsonDelta(part.argumentsDelta);
        return frames;
      }
      case 'tool-call': {
        if (this.streamedCalls.has(part.index)) {
          return this.open?.kind === 'tool' && this.open.callIndex === part.index
            ? prelude + this.close()
            : prelude;
        }
        this.streamedCalls.add(part.index);
        const { toolCall } = part;
        let frames = `${prelude}${this.close()}${this.start(toolStart(toolCall.id, toolCall.name), { kind: 'tool', callIndex: part.index })}`;
        if (toolCall.arguments !== '') frames += this.jsonDelta(toolCall.arguments);
        return frames + this.close();
      }
      case 'finish': {
        const usage = JSON.stringify(convertToAnthropicUsage(part.usage));
        const reason = mapToAnthropicStopReason(part.finishReason);
        return `${prelude}${this.close()}event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"${reason}","stop_sequence":null},"usage":${usage}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n`;
      }
    }
  }

  fail(answer: ErrorAnswer): string {
    return `event: error\ndata: ${answer.body}\n\n`;
  }

  private messageStart(): string {
    this.started = true;
    // Usage is known only at the end; message_delta carries it whole, which the clients take over these zeros.
    const message = `{"id":${JSON.stringify(this.message.id)},"type":"message","role":"assistant","model":${JSON.stringify(this.message.model)},"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}`;
    return `event: message_start\ndata: {"type":"message_start","message":${message}}\n\nevent: ping\ndata: {"type":"ping"}\n\n`;
  }

  private ensureOpen(block: NonNullable<OpenBlock>, startBlock: string): string {
    if (this.open?.kind === block.kind && block.kind !== 'tool') return '';
    return this.close() + this.start(startBlock, block);
  }

  private start(contentBlock: string, block: NonNullable<OpenBlock>): string {
    this.open = block;
    return `event: content_block_start\ndata: {"type":"content_block_start","index":${this.nextIndex},"content_block":${contentBlock}}\n\n`;
  }

  private delta(delta: string): string {
    return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${this.nextIndex},"delta":${delta}}\n\n`;
  }

  private jsonDelta(json: string): string {
    return this.delta(`{"type":"input_json_delta","partial_json":${JSON.stringify(json)}}`);
  }

  private close(): string {
    if (this.open === undefined) return '';
    this.open = undefined;
    const frame = `event: content_block_stop\ndata: {"type":"content_block_stop","index":${this.nextIndex}}\n\n`;
    this.nextIndex++;
    return frame;
  }
}

function toolStart(id: string, name: string): string {
  return `{"type":"tool_use","id":${JSON.stringify(id)},"name":${JSON.stringify(name)},"input":{}}`;
}
