/** Methods every read-only route answers: HEAD is a GET without its body. */
export const READ_METHODS: readonly string[] = Object.freeze(['GET', 'HEAD']);
