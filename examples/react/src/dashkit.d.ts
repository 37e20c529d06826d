// Types the dashkit tags in JSX: their properties, and `ondash-*` handlers typed by event.
/// <reference types="dashkitjs/jsx" />
