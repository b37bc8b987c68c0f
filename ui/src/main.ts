// Entry point: mounts the Svelte app.
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { mark } from '$lib/perf';

mark('script runs');

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');
export default mount(App, { target });
