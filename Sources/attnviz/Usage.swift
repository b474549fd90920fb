/// Help texts: what each subcommand does and every flag it takes, with defaults.
enum Usage {
    static let version = "attnviz 0.1.0"

    static let engineFlags = """
        Engine flags (dump, render and the window):
          --input TEXT          the sequence (default: "the cat sat on the mat because it was tired")
          --input-file PATH     read the sequence from a UTF-8 file (see assets/samples)
          --mode MODE           auto | words | numbers (default: auto = numbers when every token is one)
          --d-model N           model width (default: 16)
          --heads H             attention heads; must divide d_model (default: 4)
          --seed S              seed of embeddings and projections (default: 42)
          --mask MASK           none | causal | padding:P | window:W, or joined: causal+padding:2
                                (default: none; padding is clamped to n-1). Query i sees key j
                                when j is not PAD, j <= i (causal) and |i-j| < W (window); a PAD
                                query whose window holds only PAD sees nothing (weights, output 0)
          --positional          add sinusoidal positional encoding (default: off)
          --temperature T       softmax temperature, 0.1 to 10 (default: 1)
          --unscaled            do not divide scores by sqrt(d_k) (default: scaled)
          --aggregation A       mean | max: how the summary heatmap combines heads (default: mean)

        Trained model (instead of the seeded engine; `make model` fetches all-MiniLM-L6-v2):
          --model DIR           a Hugging Face encoder folder (config.json, model.safetensors and
                                tokenizer.json or vocab.txt: bert, roberta, xlm-roberta, electra,
                                distilbert, mpnet), a hub id in the local hub cache (--model
                                sentence-transformers/all-MiniLM-L6-v2), or F.gguf, a llama-family
                                decoder (`attnviz models` lists what opens)
          --layer L             the layer the views show in full (default: 1)
          Write two sentences as 'A ||| B' for [CLS] A [SEP] B [SEP] with token types 0 and 1.
          --d-model, --heads, --seed, --mask and the other flags above are the seeded engine's.
        """

    static let displayFlags = """
        Display flags (render and the window):
          --view NAME           heatmaps | arcs | inspector | explain | model (default: heatmaps)
          --theme NAME          dark | light | projector (default: dark)
          --colormap NAME       viridis | magma | cividis | gray (default: viridis)
          --font PATH           a .ttf font (default: DejaVu Sans, else fontconfig's sans)
          --arc-threshold W     arcs view: hide arcs lighter than W, 0 to 0.9 (default: 0.1)
          --arc-top-k K         arcs view: at most K keys per query, 0 for all (default: 2)
          --arc-layout L        arcs view: line (arcs over one row of tokens) | columns (queries
                                left, keys right, as BertViz draws them) (default: line; F7)
          --color-scale S       auto (top = largest weight shown) | fixed (0 to 1) (default: auto; F8)
          --font-scale F        text size multiplier, 0.8 to 2.5 (default: 1; Ctrl+= / Ctrl+- in the window)
          --head H              the selected head (inspector, explanation) (default: 1)
          --look N              the looked-at view about token N: the bars of what it looked at
                                (a decoder: what the model looked at when it wrote token N;
                                the average of heads, or --head's); opens that view
          --hide-special        trained model: hide [CLS]/[SEP], renormalize each row (Ctrl+D)
          --pair-filter F       trained model, 'A ||| B' input: all | a-b | b-a | a-a | b-b (Ctrl+B)
        """

    static let main = """
        AttnViz: watch transformer self-attention, live. Type a sequence; see queries meet keys.

        usage: attnviz [flags]             open the window
               attnviz dump [flags]        print every intermediate of the forward pass as JSON
               attnviz render --out F.bmp  render one frame with no display
               attnviz record --cues F --out DIR   play a lecture's cues into BMP frames
               attnviz generate --model F.gguf     a decoder writes (attnviz generate --help)
               attnviz models              the models --model can open here

        Window flags:
          --cues FILE           a lecture's cue file (see assets/lectures): PageDown / PageUp step it
          --screenshot-dir DIR  where F12 / Ctrl+S save BMP screenshots (default: .)
          --size WxH            window size (default: 1280x720)
          --generate N          a decoder (--model F.gguf) writes N tokens as the window opens
          --sample-seed S       seeds its draws when it samples (Ctrl+T above 0; default 0)
          --sample-temperature T, --top-k K, --top-p P   a decoder's next-token sampling (the window
                                and render; 0 = greedy, 0 = every token, 1 = all the mass)
          --chat                wrap the input in the decoder's chat template (the window and render)
          --bench-frames N      render N frames as fast as possible, print fps, exit
          --bench-typing N      once the opening picture settles, type N keystrokes (a character,
                                Backspace, in turn) and report the time from each to the presented
                                frame showing it, and the frames drawn meanwhile, then exit
          --bench-fuzz SEED     with --bench-frames: seeded random keys, clicks, resizes and pastes,
                                clearing the input every 100 frames; reports resident memory after
                                the third clear (warm caches) and after the last

        \(displayFlags)

        \(engineFlags)

          -h, --help            this help
          --version             print the version
        Press F1 in the window for every key binding.
        """

    static let dump = """
        usage: attnviz dump [engine flags]

        Prints one JSON object: tokens, mode, d_model, heads, d_k, seed, mask {causal, padding,
        window}, positional, temperature, scaled, aggregation, X, W_q, W_k, W_v, W_o, Q, K, V,
        heads_detail [{scores, weights, output}] (scores are scaled, before masking), average,
        concat, output. Matrices are arrays of rows.
        With --model: model {name, layers, heads, hidden, max_tokens}, tokens, token_ids,
        token_types, attentions [layer][head][query][key], inspected_layer (1-based) and
        inspected (that layer in the format above).
        With --model F.gguf (a decoder): model {name, architecture, layers, heads, kv_heads,
        hidden, max_tokens}, architecture, tokens (readable: ␣ is a space), token_ids,
        attentions [layer][query_head][query][key] (zero above the diagonal), next_tokens (the
        top 10 at the last position: token, id, probability, logit; temperature 1, unfiltered).
        A decoder's dump also takes:
          --ablate L.H,...      knock those heads out (1-based layer.head): their outputs are
                                zeroed before W_o; adds knocked_out and knockout_mode
          --ablate-mean         those heads' outputs become their mean over the positions so
                                far instead of zero (mean-ablation, causal)
          --look N              adds looked_at {token, position, from, layer, heads [head][key],
                                average}: the row of --layer's attention the model read from
                                token N-1 when it chose token N (N from 2)

        \(engineFlags)
        """

    static let models = """
        usage: attnviz models [--dir DIR]

        Lists what --model can open, one line each: name, architecture, layers × heads, size.
          --dir DIR             the folder of models to list (default: models, where `make model`
                                and `make model-llm` put theirs)
        It also lists the Hugging Face hub cache (HF_HUB_CACHE, else HF_HOME/hub, else
        ~/.cache/huggingface/hub): a model transformers has downloaded opens by its id, as in
        --model sentence-transformers/all-MiniLM-L6-v2. Nothing is downloaded.
        """

    static let generate = """
        usage: attnviz generate --model F.gguf --input TEXT [--tokens N] [--temperature T]
                                [--top-k K] [--top-p P] [--sample-seed S] [--chat] [--json]

        The model writes N tokens (default 32) after the input, one at a time over its key/value
        cache, and stops early at its end-of-text token. Greedy by default (--temperature 0);
        a temperature above 0 samples, after top-k (0 = all) and top-p (1 = all), with a draw
        seeded by --sample-seed (default 0), so a run replays exactly.
        --chat wraps the input in the model's chat template (ChatML, Llama 3, Zephyr, [INST]).
        --ablate L.H,... knocks those heads out (their outputs zeroed before W_o), and
        --ablate-mean gives them their mean over the positions so far instead.
        --json prints {model, prompt_tokens, steps [{token, id, probability, rank, top [the 5
        likeliest {token, id, probability} at that step, temperature 1], attention
        [layer][head][key]}], text} instead of the text.
          --input TEXT, --input-file F   the prompt
          --model F.gguf                 a decoder GGUF: llama, qwen2, qwen3, gemma, gemma2, gemma3, phi3
                                         (`make model-llm`: SmolLM2-135M; `make model-gemma`: Gemma 3 270M)
        """

    static let render = """
        usage: attnviz render --out FILE.bmp|FILE.svg [--size WxH] [--time SECONDS] [display flags] [engine flags]

        Renders one frame with SDL's software renderer: no display needed; the same arguments give
        the same bytes. A name ending in .svg writes the same frame as vectors (rectangles, paths,
        text in DejaVu Sans; heatmaps over 4096 cells as an embedded image).
          --out FILE            where to write (required): .bmp, or .svg
          --size WxH            frame size (default: 1280x720)
          --time SECONDS        how far the opening animation has run (default: 10, settled)
          --cues FILE --cue N   the lecture at its N-th cue (default 1), settled

        \(displayFlags)

        \(engineFlags)
        """

    static let record = """
        usage: attnviz record --cues FILE (--out DIR | --video FILE.mp4) [--fps N] [--size WxH] [--every-cue] [flags]

        Plays a cue file with a fixed timestep and writes numbered BMP frames
        (DIR/frame-000001.bmp, ...): the same arguments give the same bytes. A progress line on
        stderr says how many frames are done and how long the rest will take.
          --cues FILE           the lecture (see assets/lectures; '[cue] Title' then 'key: value' lines)
          --out DIR             the folder for the frames (made if missing)
          --fps N               frames per second, 1 to 240 (default: 30)
          --size WxH            frame size (default: 1280x720)
          --every-cue           one frame per settled cue instead (DIR/cue-001.bmp, ...): slides
          --video FILE.mp4      pipe the frames to ffmpeg (H.264) instead of, or as well as, --out;
                                the frames in the file are counted back (make record-deps installs ffmpeg)

        Each cue shows for its transition, its typing and its 'hold:' seconds (default 2).

        \(displayFlags)

        \(engineFlags)
        """

    static func hint(for command: String) -> String {
        command == "attnviz" ? "try 'attnviz --help'" : "try 'attnviz \(command) --help'"
    }
}
