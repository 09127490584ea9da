import { BadRequestException } from '@nestjs/common';

/** The body of `PUT /documents/:id`: the fields to change. */
export interface DocumentChanges {
  title?: string;
  body?: string;
}

/** The changes in a request body, or a 400 when it is not `{ title?: string, body?: string }`. */
export function toDocumentChanges(body: unknown): DocumentChanges {
  const { title, body: text } = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  const valid = (value: unknown) => value === undefined || typeof value === 'string';
  if (!valid(title) || !valid(text) || (title === undefined && text === undefined)) {
    throw new BadRequestException('Send a JSON object with a string "title", a string "body", or both.');
  }
  return { title: title, body: text };
}
